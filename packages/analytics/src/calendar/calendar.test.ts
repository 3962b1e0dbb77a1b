import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addMonths, fromDay, toDay, weekdayOf } from './dayNumber.ts';
import { calendarFor, holidayData } from './calendars.ts';
import { createWorkingCalendar } from './WorkingCalendar.ts';
import { deadlineOf } from './timescale.ts';

// Anonymous Gregorian algorithm (Meeus/Jones/Butcher), independent of the data files.
function easterSunday(y: number): string {
  const a = y % 19;
  const b = Math.floor(y / 100);
  const c = y % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${y}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

const published: Record<number, string> = {
  2015: '2015-04-05',
  2016: '2016-03-27',
  2017: '2017-04-16',
  2018: '2018-04-01',
  2019: '2019-04-21',
  2020: '2020-04-12',
  2021: '2021-04-04',
  2022: '2022-04-17',
  2023: '2023-04-09',
  2024: '2024-03-31',
  2025: '2025-04-20',
  2026: '2026-04-05',
  2027: '2027-03-28',
  2028: '2028-04-16',
  2029: '2029-04-01',
  2030: '2030-04-21',
};

const datesOf = (name: 'england-and-wales' | 'jersey') =>
  new Set(holidayData[name].holidays.map((h) => h.date));

describe('shipped bank holidays', () => {
  it('Easter algorithm agrees with the published Easter Sundays', () => {
    for (const [year, date] of Object.entries(published)) expect(easterSunday(Number(year))).toBe(date);
  });

  for (const name of ['england-and-wales', 'jersey'] as const) {
    it(`${name}: Good Friday and Easter Monday every year 2015-2030, never a weekend holiday`, () => {
      const dates = datesOf(name);
      for (let y = 2015; y <= 2030; y++) {
        const easter = toDay(easterSunday(y));
        expect(dates.has(fromDay(easter - 2)), `${y} Good Friday`).toBe(true);
        expect(dates.has(fromDay(easter + 1)), `${y} Easter Monday`).toBe(true);
      }
      for (const d of dates) expect([0, 6], d).not.toContain(weekdayOf(toDay(d)));
      expect(Math.min(...[...dates].map((d) => Number(d.slice(0, 4))))).toBe(2015);
      expect(Math.max(...[...dates].map((d) => Number(d.slice(0, 4))))).toBe(2030);
    });
  }

  it('England and Wales: substitute days and one-offs', () => {
    const ew = datesOf('england-and-wales');
    // 2016: Christmas on a Sunday -> Boxing Day Mon 26, Christmas substitute Tue 27.
    expect(['2016-12-26', '2016-12-27'].every((d) => ew.has(d))).toBe(true);
    // 2021: both on the weekend -> Mon 27 and Tue 28. 2022 New Year on Saturday -> Mon 3 January.
    expect(['2021-12-27', '2021-12-28', '2022-01-03', '2017-01-02'].every((d) => ew.has(d))).toBe(true);
    // 2020: early May moved to Friday 8 May (VE day); Monday 4 May was a working day.
    expect(ew.has('2020-05-08')).toBe(true);
    expect(ew.has('2020-05-04')).toBe(false);
    // 2022: spring holiday moved to Thu 2 June, Platinum Jubilee Fri 3 June; state funeral 19 Sept.
    expect(['2022-06-02', '2022-06-03', '2022-09-19'].every((d) => ew.has(d))).toBe(true);
    expect(ew.has('2022-05-30')).toBe(false);
    // 2023 coronation Monday 8 May as well as 1 May.
    expect(['2023-05-01', '2023-05-08'].every((d) => ew.has(d))).toBe(true);
    expect(ew.has('2024-05-09')).toBe(false);
    expect([...ew].filter((d) => d.startsWith('2024'))).toEqual([
      '2024-01-01',
      '2024-03-29',
      '2024-04-01',
      '2024-05-06',
      '2024-05-27',
      '2024-08-26',
      '2024-12-25',
      '2024-12-26',
    ]);
  });

  it('Jersey: Liberation Day 9 May on weekdays only, its one-offs, and the UK one-offs', () => {
    const je = datesOf('jersey');
    expect(
      ['2016-05-09', '2019-05-09', '2022-05-09', '2023-05-09', '2025-05-09'].every((d) => je.has(d)),
    ).toBe(true);
    // 9 May on a weekend (2015, 2020, 2021, 2026, 2027): no substitute day under Jersey law.
    for (const d of ['2015-05-11', '2020-05-11', '2021-05-10', '2026-05-11', '2027-05-10']) {
      expect(je.has(d), d).toBe(false);
    }
    // 2020: Jersey kept Monday 4 May and added Friday 8 May (VE day 75).
    expect(je.has('2020-05-04') && je.has('2020-05-08')).toBe(true);
    // 2021 Corn Riots anniversary; 2022 jubilee and funeral; 2023 coronation.
    expect(
      ['2021-09-27', '2022-06-02', '2022-06-03', '2022-09-19', '2023-05-08'].every((d) => je.has(d)),
    ).toBe(true);
    expect(datesOf('england-and-wales').has('2021-09-27')).toBe(false);
  });
});

describe('working-day arithmetic', () => {
  const ew = calendarFor('england-and-wales');

  it('counts across a bank holiday weekend', () => {
    // Fri 2024-05-24; Mon 27 May is the spring bank holiday.
    const friday = toDay('2024-05-24');
    expect(fromDay(ew.addWorkingDays(friday, 1))).toBe('2024-05-28');
    expect(ew.workingDaysBetween(friday, toDay('2024-05-28'))).toBe(1);
    expect(ew.workingDaysBetween(friday, toDay('2024-05-27'))).toBe(0);
    // Easter 2024: Thu 28 March + 1 working day skips Good Friday, the weekend and Easter Monday.
    expect(fromDay(ew.addWorkingDays(toDay('2024-03-28'), 1))).toBe('2024-04-02');
    // Jersey differs on Liberation Day: Wed 8 May 2024 + 1 = Fri 10 May in Jersey, Thu 9 May in England.
    const je = calendarFor('jersey');
    expect(fromDay(je.addWorkingDays(toDay('2024-05-08'), 1))).toBe('2024-05-10');
    expect(fromDay(ew.addWorkingDays(toDay('2024-05-08'), 1))).toBe('2024-05-09');
  });

  it('custom holidays and weekends are honoured', () => {
    const custom = calendarFor('england-and-wales', { addHolidays: ['2024-05-28'] });
    expect(fromDay(custom.addWorkingDays(toDay('2024-05-24'), 1))).toBe('2024-05-29');
    const noHolidays = createWorkingCalendar({ weekend: [0] });
    expect(fromDay(noHolidays.addWorkingDays(toDay('2024-05-24'), 1))).toBe('2024-05-25');
    expect(() => createWorkingCalendar({ weekend: [0, 1, 2, 3, 4, 5, 6] })).toThrow(/working weekday/);
  });

  it('addWorkingDays and workingDaysBetween are inverse, in and beyond the table range', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: toDay('1985-01-01'), max: toDay('2085-12-31') }),
        fc.integer({ min: 0, max: 400 }),
        (start, n) => {
          const end = ew.addWorkingDays(start, n);
          expect(ew.workingDaysBetween(start, end)).toBe(n);
          expect(n === 0 || ew.isWorkingDay(end)).toBe(true);
          expect(ew.workingDaysBetween(end, start) + n).toBe(0);
        },
      ),
    );
  });

  it('statutory deadlines in working days, days and calendar months', () => {
    const entered = toDay('2024-01-31');
    expect(fromDay(deadlineOf(entered, { value: 1, unit: 'months' }, ew))).toBe('2024-02-29');
    expect(fromDay(deadlineOf(entered, { value: 13, unit: 'months' }, ew))).toBe('2025-02-28');
    expect(fromDay(deadlineOf(entered, { value: 10, unit: 'days' }, ew))).toBe('2024-02-10');
    // 45 working days from Mon 2024-03-04 with Good Friday and Easter Monday in between.
    expect(fromDay(deadlineOf(toDay('2024-03-04'), { value: 45, unit: 'working_days' }, ew))).toBe(
      '2024-05-09',
    );
    expect(fromDay(addMonths(toDay('2024-02-29'), 12))).toBe('2025-02-28');
    expect(fromDay(addMonths(toDay('2024-03-31'), -1))).toBe('2024-02-29');
    expect(() => toDay('2024-02-30')).toThrow(RangeError);
  });
});
