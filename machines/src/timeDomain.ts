/**
 * The one range of dates Continuum accepts anywhere (API, bulk ingest, Annex A, query parameters,
 * simulation start dates): 1900-01-01 to 2100-12-31 inclusive, UTC. Children's case histories never
 * fall outside it, and keeping stored dates inside it bounds every table analytics size by a date
 * span (about 73,400 days) and keeps every stored instant printable as ISO 8601.
 */
export const TIME_DOMAIN = {
  /** First accepted calendar date. */
  from: '1900-01-01',
  /** Last accepted calendar date. */
  to: '2100-12-31',
  /** First accepted instant (epoch ms): 1900-01-01T00:00:00.000Z. */
  minMs: Date.UTC(1900, 0, 1),
  /** Last accepted instant (epoch ms): 2100-12-31T23:59:59.999Z. */
  maxMs: Date.UTC(2101, 0, 1) - 1,
  /** First accepted day number (days since 1970-01-01). */
  minDay: Date.UTC(1900, 0, 1) / 86_400_000,
  /** Last accepted day number. */
  maxDay: Date.UTC(2100, 11, 31) / 86_400_000,
} as const;

/** True for an epoch-ms instant inside the domain (false for NaN, infinities and fractions). */
export function inTimeDomain(ms: number): boolean {
  return Number.isInteger(ms) && ms >= TIME_DOMAIN.minMs && ms <= TIME_DOMAIN.maxMs;
}

/** True for a day number inside the domain. */
export function dayInTimeDomain(day: number): boolean {
  return Number.isInteger(day) && day >= TIME_DOMAIN.minDay && day <= TIME_DOMAIN.maxDay;
}

/** A day number moved into the domain: stays stored before the domain existed stay bounded. */
export function clampDayToTimeDomain(day: number): number {
  return Math.min(Math.max(day, TIME_DOMAIN.minDay), TIME_DOMAIN.maxDay);
}

/**
 * True for a real calendar date given as four-digit year, month 1-12 and day inside the domain.
 * Built from the numbers, never through Date.UTC, which reads years 0-99 as 1900-1999.
 */
export function dateInTimeDomain(year: number, month: number, day: number): boolean {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return false;
  if (year < 1900 || year > 2100 || month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = month === 2 ? (leap ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
  return day <= days;
}

/** The sentence every boundary uses to refuse a date outside the domain, naming the field. */
export function outOfTimeDomainMessage(field: string, shown: string): string {
  return `${field} (${shown}) is outside the accepted dates ${TIME_DOMAIN.from} to ${TIME_DOMAIN.to} (UTC).`;
}
