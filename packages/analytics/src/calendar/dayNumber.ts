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
      return Date.UTC(y, m - 1, d) / MS_PER_DAY;
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
  return new Date(Date.UTC(year, month0 + 1, 0)).getUTCDate();
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
  return Date.UTC(year, month0, d) / MS_PER_DAY;
}

/** First day of the month containing `day`. */
export function startOfMonth(day: DayNumber): DayNumber {
  const date = new Date(day * MS_PER_DAY);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1) / MS_PER_DAY;
}

/** The Monday starting the ISO week that contains `day`. */
export function startOfWeek(day: DayNumber): DayNumber {
  return day - ((weekdayOf(day) + 6) % 7);
}
