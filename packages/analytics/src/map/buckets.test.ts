import { TIME_DOMAIN } from '@continuum/machines';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromDay, startOfMonth, startOfWeek, toDay } from '../calendar/dayNumber.ts';
import { AnalyticsQueryError } from '../query.ts';
import { bucketsOf, MAX_BUCKETS } from './buckets.ts';

/** The definition: walk the period day by day, a new bucket whenever the week or month changes. */
function naive(from: number, to: number, unit: 'week' | 'month') {
  const bucketOf: number[] = [];
  const ranges: { start: string; end: string }[] = [];
  let key = Number.NaN;
  for (let d = from; d <= to; d++) {
    const k = unit === 'week' ? startOfWeek(d) : startOfMonth(d);
    if (k !== key) {
      key = k;
      ranges.push({ start: fromDay(d), end: fromDay(d) });
    }
    ranges[ranges.length - 1]!.end = fromDay(d);
    bucketOf.push(ranges.length - 1);
  }
  return { bucketOf, ranges };
}

describe('bucketsOf', () => {
  it('agrees with a day-by-day walk for any period in the time domain', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: TIME_DOMAIN.minDay, max: TIME_DOMAIN.maxDay }),
        fc.integer({ min: 0, max: 800 }),
        fc.constantFrom('week' as const, 'month' as const),
        (from, length, unit) => {
          const to = Math.min(TIME_DOMAIN.maxDay, from + length);
          const got = bucketsOf(from, to, unit);
          const want = naive(from, to, unit);
          expect([...got.bucketOf]).toEqual(want.bucketOf);
          expect(got.ranges).toEqual(want.ranges);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('builds the longest series a request may ask for, and refuses a longer one', () => {
    const from = TIME_DOMAIN.minDay; // 1900-01-01, a Monday
    const { ranges } = bucketsOf(from, from + MAX_BUCKETS * 7 - 1, 'week');
    expect(ranges).toHaveLength(MAX_BUCKETS);
    expect(ranges[0]).toEqual({ start: '1900-01-01', end: '1900-01-07' });
    expect(() => bucketsOf(from, from + MAX_BUCKETS * 7, 'week')).toThrow(AnalyticsQueryError);
    expect(() => bucketsOf(TIME_DOMAIN.minDay, TIME_DOMAIN.maxDay, 'month')).toThrow(/2412 months/);
    expect(bucketsOf(toDay('1901-01-01'), toDay('2000-12-31'), 'month').ranges).toHaveLength(1200);
  });
});
