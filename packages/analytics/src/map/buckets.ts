import { addMonths, type DayNumber, fromDay, startOfMonth, startOfWeek } from '../calendar/dayNumber.ts';
import { AnalyticsQueryError } from '../query.ts';

/** Throughput buckets over a period: each day's bucket, and each bucket's (clipped) first and last day. */
export interface Buckets {
  /** bucketOf[day - from] */
  bucketOf: Int32Array;
  ranges: { start: string; end: string }[];
}

/** ISO weeks (Monday start) or calendar months, clipped to the period so buckets sum to its totals. */
export function bucketsOf(from: DayNumber, to: DayNumber, unit: 'week' | 'month'): Buckets {
  const count = bucketCount(from, to, unit);
  if (count > MAX_BUCKETS) {
    throw new AnalyticsQueryError(
      'invalid_period',
      `the period spans ${count} ${unit}s; a throughput series has at most ${MAX_BUCKETS} (${unit === 'week' ? 'choose bucket=month or ' : 'choose '}a shorter period)`,
    );
  }
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

/**
 * Most throughput buckets one request may ask for (about 23 years by week, 100 by month): the
 * map's per-bucket series and their suppression cost grow with it, so a long period cannot stall
 * the server.
 */
export const MAX_BUCKETS = 1200;

function bucketCount(from: DayNumber, to: DayNumber, unit: 'week' | 'month'): number {
  if (unit === 'week') return Math.floor((startOfWeek(to) - startOfWeek(from)) / 7) + 1;
  const a = fromDay(from);
  const b = fromDay(to);
  const months = (y: string) => Number(y.slice(0, 4)) * 12 + Number(y.slice(5, 7));
  return months(b) - months(a) + 1;
}
