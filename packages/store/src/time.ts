import { StoreError } from './errors.ts';

const ISO = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * Parses an ISO 8601 date or date-time (UTC unless an offset is given) or epoch milliseconds into
 * epoch ms; anything else is a StoreError naming the field.
 */
export function parseTime(raw: unknown, field: string): number {
  if (typeof raw === 'number' && Number.isFinite(raw) && Number.isInteger(raw)) return raw;
  if (typeof raw === 'string') {
    const fast = fastIso(raw);
    if (fast !== undefined) return fast;
  }
  if (typeof raw === 'string' && ISO.test(raw)) {
    const text =
      raw.length === 10 ? `${raw}T00:00:00Z` : /Z|[+-]\d{2}:?\d{2}$/.test(raw.slice(10)) ? raw : `${raw}Z`;
    const ms = Date.parse(text.replace(' ', 'T'));
    const day = Number(raw.slice(8, 10));
    const calendar = new Date(Date.UTC(Number(raw.slice(0, 4)), Number(raw.slice(5, 7)) - 1, day));
    if (Number.isFinite(ms) && calendar.getUTCDate() === day) return ms;
  }
  throw new StoreError('invalid_value', `${field} must be an ISO 8601 date or date-time (UTC).`, field);
}

/** Epoch ms -> ISO 8601 string (the API's wire form). */
export function isoOf(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

const d = (s: string, i: number) => s.charCodeAt(i) - 48;
const two = (s: string, i: number) => d(s, i) * 10 + d(s, i + 1);

/**
 * The two shapes bulk logs almost always use, `YYYY-MM-DD` and `YYYY-MM-DDTHH:MM:SS[.sss]Z`, read
 * digit by digit (several times faster than a regex and Date.parse); undefined for anything else.
 */
function fastIso(s: string): number | undefined {
  const n = s.length;
  if (n !== 10 && n !== 20 && n !== 24) return undefined;
  if (s[4] !== '-' || s[7] !== '-') return undefined;
  const year = two(s, 0) * 100 + two(s, 2);
  const month = two(s, 5);
  const day = two(s, 8);
  let h = 0;
  let m = 0;
  let sec = 0;
  let ms = 0;
  if (n > 10) {
    if (s[10] !== 'T' || s[13] !== ':' || s[16] !== ':' || s[n - 1] !== 'Z') return undefined;
    h = two(s, 11);
    m = two(s, 14);
    sec = two(s, 17);
    if (n === 24) {
      if (s[19] !== '.') return undefined;
      ms = d(s, 20) * 100 + two(s, 21);
    }
  }
  const parts = [year, month, day, h, m, sec, ms];
  for (const p of parts) if (!(p >= 0) || !Number.isInteger(p)) return undefined;
  if (month < 1 || month > 12 || day < 1 || h > 23 || m > 59 || sec > 59) return undefined;
  const t = Date.UTC(year, month - 1, day, h, m, sec, ms);
  // Reject days that roll over (2025-02-30).
  if (new Date(t).getUTCDate() !== day) return undefined;
  return t;
}
