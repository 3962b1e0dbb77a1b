import { type DayNumber, fromDay, startOfMonth, startOfWeek } from '../calendar/dayNumber.ts';

/** Throughput buckets over a period: each day's bucket, and each bucket's (clipped) first and last day. */
export interface Buckets {
  /** bucketOf[day - from] */
  bucketOf: Int32Array;
  ranges: { start: string; end: string }[];
}

/** ISO weeks (Monday start) or calendar months, clipped to the period so buckets sum to its totals. */
export function bucketsOf(from: DayNumber, to: DayNumber, unit: 'week' | 'month'): Buckets {
  const bucketOf = new Int32Array(to - from + 1);
  const ranges: { start: string; end: string }[] = [];
  let current = -1;
  let currentKey = Number.NaN;
  for (let d = from; d <= to; d++) {
    const key = unit === 'week' ? startOfWeek(d) : startOfMonth(d);
    if (key !== currentKey) {
      currentKey = key;
      current++;
      ranges.push({ start: fromDay(d), end: fromDay(d) });
    }
    ranges[current]!.end = fromDay(d);
    bucketOf[d - from] = current;
  }
  return { bucketOf, ranges };
}
