import { inTimeDomain, outOfTimeDomainMessage, TIME_DOMAIN } from '@continuum/machines';
import { StoreError } from './errors.ts';

const ISO = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * Parses an ISO 8601 date or date-time (UTC unless an offset is given) or epoch milliseconds into
 * epoch ms inside the time domain (1900-01-01 to 2100-12-31, see machines' timeDomain); anything
 * else is a StoreError naming the field, raised before anything is written.
 */
export function parseTime(raw: unknown, field: string): number {
  const ms = parseAnyTime(raw, field);
  if (inTimeDomain(ms)) return ms;
  const shown = typeof raw === 'string' ? raw.slice(0, 40) : String(raw);
  throw new StoreError('invalid_value', outOfTimeDomainMessage(field, shown), field, {
    from: TIME_DOMAIN.from,
    to: TIME_DOMAIN.to,
  });
}

/**
 * How far past the clock a recorded moment may be: clock skew, or a local summer time sent as UTC.
 * Anything later is refused, as a move dated years ahead locked its case against every real move
 * and shifted every figure and simulation that starts from the latest date.
 */
export const FUTURE_TOLERANCE_MS = 2 * 3_600_000;

/** parseTime, refusing a moment more than FUTURE_TOLERANCE_MS after `now`: a move is recorded once it has happened. */
export function parsePastTime(raw: unknown, field: string, now: number): number {
  const ms = parseTime(raw, field);
  if (ms <= now + FUTURE_TOLERANCE_MS) return ms;
  throw new StoreError(
    'invalid_value',
    `${field} is in the future (after ${new Date(now).toISOString().slice(0, 16)}Z, the server's time); a move is recorded once it has happened.`,
    field,
  );
}

/** The instant a value names, whatever its year (the domain check is parseTime's). */
function parseAnyTime(raw: unknown, field: string): number {
  if (typeof raw === 'number' && Number.isFinite(raw) && Number.isInteger(raw)) {
    // 20250106 as epoch ms is a moment of 1 January 1970: a date written as digits, not an instant.
    if (raw >= 10_000_000 && raw <= 99_999_999)
      throw new StoreError(
        'invalid_value',
        `${field} looks like a date written as digits (YYYYMMDD); send an ISO 8601 date such as 2025-01-06, or epoch milliseconds.`,
        field,
      );
    return raw;
  }
  if (typeof raw === 'string') {
    const fast = fastIso(raw);
    if (fast !== undefined) return fast;
  }
  if (typeof raw === 'string' && ISO.test(raw)) {
    const text =
      raw.length === 10 ? `${raw}T00:00:00Z` : /Z|[+-]\d{2}:?\d{2}$/.test(raw.slice(10)) ? raw : `${raw}Z`;
    const ms = Date.parse(text.replace(' ', 'T'));
    const day = Number(raw.slice(8, 10));
    const calendar = new Date(0);
    // setUTCFullYear, unlike Date.UTC, keeps years 0-99 as given.
    calendar.setUTCFullYear(Number(raw.slice(0, 4)), Number(raw.slice(5, 7)) - 1, day);
    if (Number.isFinite(ms) && calendar.getUTCDate() === day) return ms;
  }
  throw new StoreError('invalid_value', `${field} must be an ISO 8601 date or date-time (UTC).`, field);
}

/**
 * Epoch ms -> ISO 8601 string (the API's wire form). An instant no Date can hold (only rows stored
 * before the time domain was enforced) reads as null instead of failing the whole response.
 */
export function isoOf(ms: number | null): string | null {
  if (ms === null) return null;
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

const d = (s: string, i: number) => s.charCodeAt(i) - 48;
const two = (s: string, i: number) => d(s, i) * 10 + d(s, i + 1);

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Days in a month of the proleptic Gregorian calendar (what Date.UTC uses). */
function daysIn(year: number, month: number): number {
  if (month !== 2) return DAYS_IN_MONTH[month - 1]!;
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
}

/** True when the character at i is an ASCII digit. */
const isDigit = (s: string, i: number) => {
  const c = s.charCodeAt(i);
  return c >= 48 && c <= 57;
};

/**
 * The two shapes bulk logs almost always use, `YYYY-MM-DD` and `YYYY-MM-DDTHH:MM:SS[.sss]Z`, read
 * digit by digit with no regex, array or Date object (the day is checked against a days-in-month
 * table); undefined for anything else, which then takes the general path.
 */
function fastIso(s: string): number | undefined {
  const n = s.length;
  if (n !== 10 && n !== 20 && n !== 24) return undefined;
  if (s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return undefined;
  if (!isDigit(s, 0) || !isDigit(s, 1) || !isDigit(s, 2) || !isDigit(s, 3)) return undefined;
  if (!isDigit(s, 5) || !isDigit(s, 6) || !isDigit(s, 8) || !isDigit(s, 9)) return undefined;
  const year = two(s, 0) * 100 + two(s, 2);
  // Years 0-99 would be read as 1900-1999 by Date.UTC; the general path handles them.
  if (year < 100) return undefined;
  const month = two(s, 5);
  const day = two(s, 8);
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return undefined;
  if (n === 10) return Date.UTC(year, month - 1, day);
  if (s.charCodeAt(10) !== 84 || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) return undefined;
  if (s.charCodeAt(n - 1) !== 90) return undefined;
  if (!isDigit(s, 11) || !isDigit(s, 12) || !isDigit(s, 14) || !isDigit(s, 15)) return undefined;
  if (!isDigit(s, 17) || !isDigit(s, 18)) return undefined;
  const h = two(s, 11);
  const m = two(s, 14);
  const sec = two(s, 17);
  if (h > 23 || m > 59 || sec > 59) return undefined;
  let ms = 0;
  if (n === 24) {
    if (s.charCodeAt(19) !== 46 || !isDigit(s, 20) || !isDigit(s, 21) || !isDigit(s, 22)) return undefined;
    ms = d(s, 20) * 100 + two(s, 21);
  }
  return Date.UTC(year, month - 1, day, h, m, sec, ms);
}
