import { type DayNumber, toDay, weekdayOf } from './dayNumber.ts';

/** How a working-day calendar is configured: which weekdays are off and which dates are holidays. */
export interface WorkingCalendarOptions {
  /** A name for responses and docs, e.g. "england-and-wales". */
  name?: string;
  /** Holiday dates (YYYY-MM-DD). */
  holidays?: Iterable<string>;
  /** Weekdays that are never working days, 0 = Sunday ... 6 = Saturday; default Saturday and Sunday. */
  weekend?: readonly number[];
}

/** Working-day arithmetic for statutory timescales; every method takes and returns day numbers. */
export interface WorkingCalendar {
  readonly name: string;
  /** Holidays as ISO dates, sorted. */
  readonly holidays: readonly string[];
  isWorkingDay(day: DayNumber): boolean;
  /**
   * The `n`th working day strictly after `day` (n = 0 returns `day`). A contact received on a
   * Friday with a 1 working day timescale is due on Monday, or Tuesday after a bank holiday Monday.
   */
  addWorkingDays(day: DayNumber, n: number): DayNumber;
  /** Working days in (from, to]: the inverse of addWorkingDays; negative when `to` is before `from`. */
  workingDaysBetween(from: DayNumber, to: DayNumber): number;
}

// A dense prefix table over these years makes both operations O(1); outside it a plain loop answers.
const TABLE_FROM = toDay('1990-01-01');
const TABLE_TO = toDay('2080-12-31');

/**
 * Builds a calendar from weekend days and holiday dates.
 * @example createWorkingCalendar({ holidays: ['2024-12-25'] }).addWorkingDays(toDay('2024-12-24'), 1)
 */
export function createWorkingCalendar(options: WorkingCalendarOptions = {}): WorkingCalendar {
  const weekend = new Set(options.weekend ?? [0, 6]);
  if (weekend.size >= 7) throw new RangeError('a calendar needs at least one working weekday');
  const holidayList = [...new Set(options.holidays ?? [])].sort();
  const holidayDays = new Set(holidayList.map(toDay));
  const isWorkingDay = (day: DayNumber) => !weekend.has(weekdayOf(day)) && !holidayDays.has(day);

  const size = TABLE_TO - TABLE_FROM + 1;
  // upTo[i] = working days in [TABLE_FROM, TABLE_FROM + i); working[k] = the (k+1)th working day.
  const upTo = new Int32Array(size + 1);
  const working = new Int32Array(size);
  let count = 0;
  for (let i = 0; i < size; i++) {
    upTo[i] = count;
    if (isWorkingDay(TABLE_FROM + i)) working[count++] = TABLE_FROM + i;
  }
  upTo[size] = count;
  const inTable = (day: DayNumber) => day >= TABLE_FROM && day <= TABLE_TO;
  const countThrough = (day: DayNumber) => upTo[day - TABLE_FROM + 1]!;

  const addWorkingDays = (day: DayNumber, n: number): DayNumber => {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`working days must be a whole number >= 0: ${n}`);
    if (n === 0) return day;
    if (inTable(day)) {
      const k = countThrough(day) + n - 1;
      if (k < count) return working[k]!;
    }
    let d = day;
    for (let left = n; left > 0; ) if (isWorkingDay(++d)) left--;
    return d;
  };

  const workingDaysBetween = (from: DayNumber, to: DayNumber): number => {
    if (to < from) return -workingDaysBetween(to, from);
    if (inTable(from) && inTable(to)) return countThrough(to) - countThrough(from);
    let n = 0;
    for (let d = from + 1; d <= to; d++) if (isWorkingDay(d)) n++;
    return n;
  };

  return {
    name: options.name ?? 'custom',
    holidays: holidayList,
    isWorkingDay,
    addWorkingDays,
    workingDaysBetween,
  };
}
