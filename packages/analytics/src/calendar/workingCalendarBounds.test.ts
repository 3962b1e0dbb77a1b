import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { calendarFor } from './calendars.ts';
import { fromDay, toDay } from './dayNumber.ts';
import { createWorkingCalendar } from './WorkingCalendar.ts';

/** The definition the arithmetic must agree with: walk day by day. */
function naiveAdd(isWorkingDay: (d: number) => boolean, day: number, n: number): number {
  let d = day;
  for (let left = n; left > 0; ) if (isWorkingDay(++d)) left--;
  return d;
}

describe('working-day arithmetic outside the dense table', () => {
  const ew = calendarFor('england-and-wales');
  // Holidays far outside the shipped 2015-2030 data and the 1990-2080 table, a six-day week too.
  const odd = createWorkingCalendar({
    weekend: [0],
    holidays: ['1905-03-06', '1905-03-07', '2095-12-25', '2096-01-01', '2024-12-25'],
  });

  it('agrees with a day-by-day walk anywhere in 1850-2150, for both calendars', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: toDay('1850-01-01'), max: toDay('2150-12-31') }),
        fc.integer({ min: 0, max: 300 }),
        fc.boolean(),
        (start, n, useOdd) => {
          const cal = useOdd ? odd : ew;
          const end = cal.addWorkingDays(start, n);
          expect(end).toBe(naiveAdd(cal.isWorkingDay, start, n));
          expect(cal.workingDaysBetween(start, end)).toBe(n);
          expect(cal.workingDaysBetween(end, start) + n).toBe(0);
        },
      ),
      { numRuns: 300 },
    );
    expect(fromDay(odd.addWorkingDays(toDay('1905-03-04'), 1))).toBe('1905-03-08');
  });

  it('answers spans and counts far beyond the domain (arithmetic, no day-by-day loop)', () => {
    const far = toDay('2100-12-31') + 100_000_000;
    expect(ew.workingDaysBetween(-100_000_000, far)).toBeGreaterThan(0);
    const end = ew.addWorkingDays(toDay('2100-12-31'), 50_000_000);
    expect(ew.workingDaysBetween(toDay('2100-12-31'), end)).toBe(50_000_000);
    for (let d = toDay('1900-01-01'); d <= toDay('2100-12-31'); d += 7) ew.addWorkingDays(d, 45);
  });

  it('outside the shipped holiday years (2015-2030) only weekends are non-working', () => {
    // 25 December 2040 is a Tuesday: no holiday data, so a working day.
    expect(ew.isWorkingDay(toDay('2040-12-25'))).toBe(true);
    expect(ew.isWorkingDay(toDay('2024-12-25'))).toBe(false);
  });

  it('reads years 0-99 as given, never as 1900-1999', () => {
    expect(fromDay(toDay('0099-06-15'))).toBe('0099-06-15');
    expect(toDay('0099-06-15')).not.toBe(toDay('1999-06-15'));
  });
});
