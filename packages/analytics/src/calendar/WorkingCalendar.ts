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

// A dense prefix table over these years makes both operations O(1); outside it arithmetic answers.
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

  // Outside the table: arithmetic (whole weeks, the weekdays of a part week, holidays by binary
  // search), so no answer costs more than O(log holidays) whatever the dates or the count asked.
  const perWeek = 7 - weekend.size;
  const partWeek = new Int32Array(8); // working weekdays among the first r days of [7q, 7q + 7)
  for (let r = 0; r < 7; r++) partWeek[r + 1] = partWeek[r]! + (weekend.has(weekdayOf(r)) ? 0 : 1);
  const workdayHolidays = Int32Array.from([...holidayDays].filter((h) => !weekend.has(weekdayOf(h)))).sort();
  const holidaysBefore = (day: DayNumber) => {
    let lo = 0;
    let hi = workdayHolidays.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (workdayHolidays[mid]! < day) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  // Working days in [-inf, day], relative to an arbitrary origin (only differences are used).
  const countUpTo = (day: DayNumber) => {
    const q = Math.floor((day + 1) / 7);
    return q * perWeek + partWeek[day + 1 - q * 7]! - holidaysBefore(day + 1);
  };

  const addWorkingDays = (day: DayNumber, n: number): DayNumber => {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`working days must be a whole number >= 0: ${n}`);
    if (n === 0) return day;
    if (inTable(day)) {
      const k = countThrough(day) + n - 1;
      if (k < count) return working[k]!;
    }
    // The first day whose count reaches the target: n + holidays working days fit in this many weeks.
    const target = countUpTo(day) + n;
    let lo = day + 1;
    let hi = day + Math.ceil((n + workdayHolidays.length) / perWeek) * 7 + 7;
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      if (countUpTo(mid) >= target) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };

  const workingDaysBetween = (from: DayNumber, to: DayNumber): number => {
    if (to < from) return -workingDaysBetween(to, from);
    if (inTable(from) && inTable(to)) return countThrough(to) - countThrough(from);
    return countUpTo(to) - countUpTo(from);
  };

  return {
    name: options.name ?? 'custom',
    holidays: holidayList,
    isWorkingDay,
    addWorkingDays,
    workingDaysBetween,
  };
}
