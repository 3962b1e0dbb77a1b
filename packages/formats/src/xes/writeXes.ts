import type { CaseTrace } from '../caseTrace.ts';

/** Options for an XES document. */
export interface XesOptions {
  /** The log's concept:name. */
  logName?: string;
}

const HEADER = `<?xml version="1.0" encoding="UTF-8"?>
<log xes.version="1849.2016" xes.features="">
  <extension name="Concept" prefix="concept" uri="http://www.xes-standard.org/concept.xesext"/>
  <extension name="Time" prefix="time" uri="http://www.xes-standard.org/time.xesext"/>
  <extension name="Lifecycle" prefix="lifecycle" uri="http://www.xes-standard.org/lifecycle.xesext"/>
  <global scope="trace">
    <string key="concept:name" value="__INVALID__"/>
  </global>
  <global scope="event">
    <string key="concept:name" value="__INVALID__"/>
    <date key="time:timestamp" value="1970-01-01T00:00:00.000Z"/>
    <string key="lifecycle:transition" value="complete"/>
    <int key="sequence" value="0"/>
  </global>
  <classifier name="Activity" keys="concept:name"/>
  <classifier name="ActivityTransition" keys="concept:name lifecycle:transition"/>
`;

/**
 * Streams an IEEE 1849-2016 XES document, one chunk per trace, so a large log never sits in memory
 * as text. Each stage visit is a `start` event at entry and a `complete` event at exit (open visits
 * have only `start`); record-only events (e.g. management_oversight) are single `complete` events.
 * `sequence` numbers the events of a trace, so same-day order survives tools that sort by time.
 */
export async function* writeXes(
  traces: AsyncIterable<CaseTrace> | Iterable<CaseTrace>,
  options: XesOptions = {},
): AsyncGenerator<string> {
  yield `${HEADER}  <string key="concept:name" value="${escapeXml(options.logName ?? 'Continuum case log')}"/>\n`;
  for await (const trace of traces) yield traceXml(trace);
  yield '</log>\n';
}

/** One `<trace>` element: the case ref, its coded attributes and its lifecycle events. */
export function traceXml(trace: CaseTrace): string {
  const parts = ['  <trace>\n', `    <string key="concept:name" value="${escapeXml(trace.ref)}"/>\n`];
  for (const [key, value] of Object.entries(trace.attributes ?? {})) {
    if (value !== null && value !== undefined && value !== '') parts.push(`    ${str(key, value)}\n`);
  }
  let sequence = 0;
  let open: { stage: string } | undefined;
  const event = (name: string, transition: string, at: number, extra: Record<string, string> = {}) => {
    sequence++;
    let xml = `    <event>\n      ${str('concept:name', name)}\n      ${str('lifecycle:transition', transition)}\n`;
    xml += `      <date key="time:timestamp" value="${new Date(at).toISOString()}"/>\n`;
    xml += `      <int key="sequence" value="${sequence}"/>\n`;
    for (const [k, v] of Object.entries(extra)) xml += `      ${str(k, v)}\n`;
    parts.push(`${xml}    </event>\n`);
  };
  for (const e of trace.events) {
    const recordOnly = e.fromStage !== null && e.fromStage === e.toStage && e.event !== null;
    if (recordOnly) {
      event(e.event!, 'complete', e.occurredAt, { stage: e.toStage });
      continue;
    }
    if (open) event(open.stage, 'complete', e.occurredAt, e.event ? { exit_event: e.event } : {});
    event(e.toStage, 'start', e.occurredAt, e.event ? { entry_event: e.event } : {});
    open = { stage: e.toStage };
  }
  parts.push('  </trace>\n');
  return parts.join('');
}

function str(key: string, value: string): string {
  return `<string key="${escapeXml(key)}" value="${escapeXml(value)}"/>`;
}

/** Escapes text for an XML attribute value. */
export function escapeXml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!,
  );
}
