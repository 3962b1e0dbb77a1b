import { StoreError } from './errors.ts';

const ISO = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * Parses an ISO 8601 date or date-time (UTC unless an offset is given) or epoch milliseconds into
 * epoch ms; anything else is a StoreError naming the field.
 */
export function parseTime(raw: unknown, field: string): number {
  if (typeof raw === 'number' && Number.isFinite(raw) && Number.isInteger(raw)) return raw;
  if (typeof raw === 'string' && ISO.test(raw)) {
    const text =
      raw.length === 10 ? `${raw}T00:00:00Z` : /Z|[+-]\d{2}:?\d{2}$/.test(raw.slice(10)) ? raw : `${raw}Z`;
    const ms = Date.parse(text.replace(' ', 'T'));
    if (Number.isFinite(ms)) return ms;
  }
  throw new StoreError('invalid_value', `${field} must be an ISO 8601 date or date-time (UTC).`, field);
}

/** Epoch ms -> ISO 8601 string (the API's wire form). */
export function isoOf(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}
