import { addMonths, type DayNumber, fromDay, startOfMonth, startOfWeek } from '../calendar/dayNumber.ts';

/** Throughput buckets over a period: each day's bucket, and each bucket's (clipped) first and last day. */
export interface Buckets {
  /** bucketOf[day - from] */
  bucketOf: Int32Array;
  ranges: { start: string; end: string }[];
}

/** ISO weeks (Monday start) or calendar months, clipped to the period so buckets sum to its totals. */
export function bucketsOf(from: DayNumber, to: DayNumber, unit: 'week' | 'month'): Buckets {
  const bucketOf = new Int32Array(to - from + 1);
  // Bucket bounds as day numbers; dates are formatted once per bucket, not once per day (a period
  // may span the whole time domain: 73,000 days).
  const starts: number[] = [];
  const ends: number[] = [];
  let current = -1;
  let d = from;
  while (d <= to) {
    const next = unit === 'week' ? startOfWeek(d) + 7 : addMonths(startOfMonth(d), 1);
    const last = Math.min(to, next - 1);
    current++;
    starts.push(d);
    ends.push(last);
    bucketOf.fill(current, d - from, last - from + 1);
    d = last + 1;
  }
  const ranges = starts.map((start, b) => ({ start: fromDay(start), end: fromDay(ends[b]!) }));
  return { bucketOf, ranges };
}
