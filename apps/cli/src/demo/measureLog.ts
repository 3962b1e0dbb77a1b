import {
  type KpiReport,
  computeKpis,
  dayOf,
  indexFromIntervals,
  type RecordedEvent,
  type StageInterval,
} from '@continuum/analytics';
import type { PathwayDefinition } from '@continuum/machines';

/** A canonical event-log row as the simulator yields it. */
export interface LogRow {
  case_ref: string;
  stage: string;
  entered_at: string;
  event: string;
  [attribute: string]: string;
}

/**
 * Computes the KPIs of an event log without a database (the same analytics the API serves), for
 * the 12 months up to `asOf`: used to tune the demo and to report its figures.
 */
export function measureLog(rows: Iterable<LogRow>, definition: PathwayDefinition, asOf: string): KpiReport {
  const recordOnly = new Set(definition.recordEvents);
  const intervals: StageInterval[] = [];
  const recorded: RecordedEvent[] = [];
  const open = new Map<string, StageInterval>();
  const cases = new Map<string, Record<string, string | null>>();
  for (const row of rows) {
    if (!cases.has(row.case_ref)) {
      const { case_ref, stage, entered_at, event, event_id, ...attributes } = row;
      cases.set(case_ref, attributes);
    }
    if (recordOnly.has(row.event)) {
      recorded.push({ caseId: row.case_ref, event: row.event, at: row.entered_at });
      continue;
    }
    const previous = open.get(row.case_ref);
    if (previous) {
      previous.exitedAt = row.entered_at;
      previous.exitEvent = row.event;
      previous.nextStage = row.stage;
    }
    const stay: StageInterval = {
      caseId: row.case_ref,
      stage: row.stage,
      enteredAt: row.entered_at,
      exitedAt: null,
      nextStage: null,
      exitEvent: null,
      entryEvent: row.event || null,
    };
    intervals.push(stay);
    open.set(row.case_ref, stay);
  }
  const index = indexFromIntervals(
    intervals,
    [...cases].map(([caseId, attributes]) => ({ caseId, attributes })),
    recorded,
  );
  const to = dayOf(asOf);
  return computeKpis(index, definition, { from: to - 364, to, asOf: to }, {}, [
    ...Object.keys(cases.values().next().value ?? {}),
  ]);
}
