import { TIME_DOMAIN } from '@continuum/machines';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromDay, startOfMonth, startOfWeek } from '../calendar/dayNumber.ts';
import { bucketsOf } from './buckets.ts';

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

  it('formats dates once per bucket: the whole domain by week is quick', () => {
    const started = performance.now();
    const { ranges } = bucketsOf(TIME_DOMAIN.minDay, TIME_DOMAIN.maxDay, 'week');
    expect(ranges[0]).toEqual({ start: '1900-01-01', end: '1900-01-07' });
    expect(ranges.at(-1)!.end).toBe('2100-12-31');
    expect(performance.now() - started).toBeLessThan(500);
  });
});
