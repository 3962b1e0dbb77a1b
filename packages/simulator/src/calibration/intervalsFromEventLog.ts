import { parseDate } from '../engine/calendar.ts';
import type { IntervalRecord } from './calibrate.ts';

/**
 * Turns canonical event-log rows (per case in time order) into stays, as the store would: each move
 * closes the current stay and opens the next; record-only events (stage unchanged, event set) are
 * skipped. Lets calibration run on a CSV without a database, and tests run on simulated logs.
 */
export function* intervalsFromEventLog(
  rows: Iterable<{ case_ref: string; stage: string; entered_at: string; event: string }>,
  recordEvents: readonly string[] = ['management_oversight'],
): Generator<IntervalRecord> {
  const open = new Map<string, IntervalRecord>();
  const skip = new Set(recordEvents);
  for (const row of rows) {
    if (row.event !== '' && skip.has(row.event)) continue;
    const at = parseDate(row.entered_at);
    const current = open.get(row.case_ref);
    if (current) {
      current.exitedAt = at;
      current.nextStage = row.stage;
      current.exitEvent = row.event || null;
      yield current;
    }
    open.set(row.case_ref, {
      caseId: row.case_ref,
      stage: row.stage,
      enteredAt: at,
      exitedAt: null,
      nextStage: null,
    });
  }
  yield* open.values();
}
