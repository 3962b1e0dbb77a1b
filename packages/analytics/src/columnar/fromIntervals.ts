import { dayOfMs, toDay } from '../calendar/dayNumber.ts';
import { IntervalIndex } from './IntervalIndex.ts';

/** A stay in a stage as plain data (the store's stage_intervals row, with ISO or epoch-ms times). */
export interface StageInterval {
  caseId: string | number;
  stage: string;
  enteredAt: string | number;
  exitedAt: string | number | null;
  nextStage: string | null;
  exitEvent: string | null;
  entryEvent?: string | null;
}

/** A record-only event (no move), e.g. a management oversight. */
export interface RecordedEvent {
  caseId: string | number;
  event: string;
  at: string | number;
}

/** Day number of an ISO string or epoch milliseconds. */
export function dayOf(value: string | number): number {
  return typeof value === 'number' ? dayOfMs(value) : toDay(value);
}

/**
 * Builds the columnar index from plain intervals, case attributes and record-only events: the pure
 * entry point used by tests and small logs (the store loader feeds the same index incrementally).
 */
export function indexFromIntervals(
  intervals: readonly StageInterval[],
  cases: readonly { caseId: string | number; attributes: Record<string, string | null> }[] = [],
  recorded: readonly RecordedEvent[] = [],
): IntervalIndex {
  const index = new IntervalIndex();
  // Per case in time order (stable for equal times), as the index requires.
  const ordered = intervals
    .map((iv, order) => ({ iv, order, entered: dayOf(iv.enteredAt) }))
    .sort((a, b) =>
      a.iv.caseId === b.iv.caseId
        ? a.entered - b.entered || a.order - b.order
        : String(a.iv.caseId) < String(b.iv.caseId)
          ? -1
          : 1,
    );
  for (const { iv, entered } of ordered) {
    index.addStay({
      caseKey: iv.caseId,
      stage: iv.stage,
      entered,
      exited: iv.exitedAt === null ? null : dayOf(iv.exitedAt),
      nextStage: iv.nextStage,
      exitEvent: iv.exitEvent,
      entryEvent: iv.entryEvent ?? null,
    });
  }
  for (const c of cases) index.setAttributes(index.caseIndexOf(c.caseId), c.attributes);
  for (const e of recorded) index.addRecordEvent(e.caseId, e.event, dayOf(e.at));
  return index;
}
