import { toMs } from '../engine/calendar.ts';
import type { IntervalRecord } from '../calibration/calibrate.ts';

/**
 * The history as it looked at `at`: stays that began before it, those still open then made open
 * again (their end, next stage and event were not known yet). What a backtest calibrates on.
 */
export function* censorIntervals(intervals: Iterable<IntervalRecord>, at: number): Generator<IntervalRecord> {
  for (const r of intervals) {
    if (toMs(r.enteredAt) >= at) continue;
    if (r.exitedAt !== null && toMs(r.exitedAt) < at) yield r;
    else yield { ...r, exitedAt: null, nextStage: null, exitEvent: null };
  }
}
