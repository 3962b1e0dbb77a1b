/** Milliseconds in a day; days are UTC calendar dates so durations never drift with clock changes. */
const MS_PER_DAY = 86_400_000;

/** A date as whole days since 1970-01-01 (UTC): small integers fit typed arrays and compare fast. */
export type DayNumber = number;

/**
 * Day number of an ISO 8601 date or date-time (the UTC calendar date of the instant).
 * Throws on anything unparseable so bad input never becomes a silent NaN.
 */
export function toDay(iso: string): DayNumber {
  if (iso.length === 10) {
    const y = Number(iso.slice(0, 4));
    const m = Number(iso.slice(5, 7));
    const d = Number(iso.slice(8, 10));
    if (iso[4] === '-' && iso[7] === '-' && m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m - 1)) {
      return utcDay(y, m - 1, d);
    }
    throw new RangeError(`not a date: ${iso}`);
  }
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new RangeError(`not a date or date-time: ${iso}`);
  return Math.floor(ms / MS_PER_DAY);
}

/** Day number of an instant in epoch milliseconds (its UTC calendar date). */
export function dayOfMs(ms: number): DayNumber {
  return Math.floor(ms / MS_PER_DAY);
}

/** Day number of a JavaScript Date (its UTC calendar date). */
export function dayOfDate(date: Date): DayNumber {
  return dayOfMs(date.getTime());
}

/** ISO date (YYYY-MM-DD) of a day number, the form every response and data file uses. */
export function fromDay(day: DayNumber): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** Day of the week, 0 = Sunday ... 6 = Saturday (1970-01-01 was a Thursday). */
export function weekdayOf(day: DayNumber): number {
  return (((day + 4) % 7) + 7) % 7;
}

/** Days in a month (month 0-11), leap years included. */
export function daysInMonth(year: number, month0: number): number {
  if (month0 === 1) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month0 === 3 || month0 === 5 || month0 === 8 || month0 === 10 ? 30 : 31;
}

/** Day number of a calendar date; unlike Date.UTC it keeps years 0-99 as given (not 1900-1999). */
function utcDay(year: number, month0: number, day: number): DayNumber {
  if (year >= 100) return Date.UTC(year, month0, day) / MS_PER_DAY;
  const date = new Date(0);
  date.setUTCFullYear(year, month0, day);
  return date.getTime() / MS_PER_DAY;
}

/**
 * Calendar-month arithmetic: the same day of the month `months` later, clamped to the month's
 * last day (31 Jan + 1 month = 28/29 Feb; 29 Feb + 12 months = 28 Feb). Used for statutory
 * timescales in months and the "within 12 months" / "within 2 years" KPI windows.
 */
export function addMonths(day: DayNumber, months: number): DayNumber {
  const date = new Date(day * MS_PER_DAY);
  const total = date.getUTCFullYear() * 12 + date.getUTCMonth() + months;
  const year = Math.floor(total / 12);
  const month0 = total - year * 12;
  const d = Math.min(date.getUTCDate(), daysInMonth(year, month0));
  return utcDay(year, month0, d);
}

/** First day of the month containing `day`. */
export function startOfMonth(day: DayNumber): DayNumber {
  const date = new Date(day * MS_PER_DAY);
  return utcDay(date.getUTCFullYear(), date.getUTCMonth(), 1);
}

/** The Monday starting the ISO week that contains `day`. */
export function startOfWeek(day: DayNumber): DayNumber {
  return day - ((weekdayOf(day) + 6) % 7);
}
