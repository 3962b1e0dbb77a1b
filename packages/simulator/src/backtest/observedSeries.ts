import { DAY_MS } from '../engine/calendar.ts';
import type { IntervalRecord } from '../calibration/calibrate.ts';
import type { LiveCase } from '../run/runSimulation.ts';
import { toMs } from '../engine/calendar.ts';

/** What the log says happened per stage from `at`: stock at each period end, entries per period. */
export interface ObservedSeries {
  /** Per stage: cases open at the end of each period. */
  stock: Map<string, number[]>;
  /** Per stage: stays that began in each period [start, end). */
  entries: Map<string, number[]>;
  /** The open stock at `at` (each open stay with its days in stage): where the simulation starts. */
  initialStock: LiveCase[];
}

/**
 * Counts the recorded stays into `periods` periods of `periodDays` days from `at`, with the same
 * conventions as the engine's series: stock at a period's end, entries in [start, end).
 */
export function observedSeries(
  intervals: Iterable<IntervalRecord>,
  stages: readonly string[],
  at: number,
  periods: number,
  periodDays: number,
): ObservedSeries {
  const stock = new Map(stages.map((s) => [s, new Array<number>(periods).fill(0)]));
  const entries = new Map(stages.map((s) => [s, new Array<number>(periods).fill(0)]));
  const initialStock: LiveCase[] = [];
  const width = periodDays * DAY_MS;
  for (const r of intervals) {
    const st = stock.get(r.stage);
    const en = entries.get(r.stage);
    if (st === undefined || en === undefined) continue;
    const start = toMs(r.enteredAt);
    const end = r.exitedAt === null ? Number.POSITIVE_INFINITY : toMs(r.exitedAt);
    if (start < at && end >= at) initialStock.push({ stage: r.stage, daysInStage: (at - start) / DAY_MS });
    const first = Math.floor((start - at) / width); // the period the stay began in
    if (first >= 0 && first < periods) en[first]! += 1;
    // open at the end of period k (time at + (k + 1) width) when start < that <= end
    for (let k = Math.max(0, first); k < periods; k++) {
      const t = at + (k + 1) * width;
      if (t > end) break;
      if (start < t) st[k]! += 1;
    }
  }
  return { stock, entries, initialStock };
}
