import type { IntervalRecord } from '../calibration/calibrate.ts';
import { DAY_MS as DAY, toMs } from '../engine/calendar.ts';
import type { SimulationProblem } from '../errors.ts';
import { BACKTEST_MONTH_DAYS } from './backtest.ts';

/** History a backtest needs before T to calibrate from: a year (seasonality, a year of stays). */
const BACKTEST_MIN_HISTORY_DAYS = 365;

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * Whether a record can be backtested at T for `months`: T needs a year of recorded history before
 * it, and the months after T must lie inside the record. Returns the record's span and a problem
 * (code `backtest_outside_data`, path `at` or `months`, the usable range in the message) if not.
 */
export function backtestWindow(
  intervals: readonly IntervalRecord[],
  at: number,
  months: number,
): { first: number; last: number; problem: SimulationProblem | null } {
  let first = Number.POSITIVE_INFINITY;
  let last = 0;
  for (const i of intervals) {
    // Records may carry ISO strings: Number() made them NaN and the check passed everything.
    const entered = toMs(i.enteredAt);
    first = Math.min(first, entered);
    last = Math.max(last, entered, i.exitedAt == null ? 0 : toMs(i.exitedAt));
  }
  if (intervals.length === 0)
    return {
      first: 0,
      last: 0,
      problem: { path: ['at'], code: 'no_data', message: 'There are no recorded stays to backtest against.' },
    };
  const earliest = first + BACKTEST_MIN_HISTORY_DAYS * DAY;
  const latestT = last - BACKTEST_MONTH_DAYS * DAY;
  if (at < earliest || at > latestT)
    return {
      first,
      last,
      problem: {
        path: ['at'],
        code: 'backtest_outside_data',
        message: `T (${day(at)}) must have a year of recorded history before it and at least a month after it: the record runs from ${day(first)} to ${day(last)}, so T can be from ${day(earliest)} to ${day(latestT)}.`,
      },
    };
  const end = at + months * BACKTEST_MONTH_DAYS * DAY;
  if (end > last + DAY) {
    const fit = Math.floor((last - at) / (BACKTEST_MONTH_DAYS * DAY));
    return {
      first,
      last,
      problem: {
        path: ['months'],
        code: 'backtest_outside_data',
        message: `${months} months from ${day(at)} end on ${day(end)}, after the last recorded date (${day(last)}); the record has ${fit} whole month${fit === 1 ? '' : 's'} after T.`,
      },
    };
  }
  return { first, last, problem: null };
}
