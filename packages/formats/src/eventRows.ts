import type { CanonicalEvent } from './canonicalEvent.ts';

/** One imported event as an ingest row (structurally the store's RawRow). */
export interface EventRow {
  line: number;
  /** The canonical columns and the coded attributes. */
  values: Record<string, string | undefined>;
}

/**
 * An importer's events as canonical ingest rows with deterministic event ids
 * (`<prefix>:d<day>:<stage>:<n>`, n counting a child's events of the same day and stage), so importing
 * the same files again, by `continuum import` or `POST /api/ingest`, adds nothing. The day is a day
 * number, never a date, so an id cannot look like a date of birth to the PII check.
 * @example ingestEvents(store, eventRows(read.events, 'cin'), options)
 */
export async function* eventRows(
  events: readonly CanonicalEvent[],
  prefix: string,
): AsyncGenerator<EventRow> {
  const seen = new Map<string, number>();
  let line = 0;
  for (const e of events) {
    const key = `${e.case_ref}\u0000${e.entered_at}:${e.stage}`;
    const k = (seen.get(key) ?? 0) + 1;
    seen.set(key, k);
    yield {
      line: ++line,
      values: {
        case_ref: e.case_ref,
        stage: e.stage,
        entered_at: e.entered_at,
        event: e.event,
        event_id: `${prefix}:d${Date.parse(e.entered_at) / 86_400_000}:${e.stage}:${k}`,
        ...e.attributes,
      },
    };
  }
}
