import { toDay } from '@continuum/analytics';
import { outOfTimeDomainMessage, TIME_DOMAIN } from '@continuum/machines';
import type { Context } from 'hono';
import { HttpProblem } from './problem.ts';

/** A path parameter the route pattern guarantees (404 if somehow absent). */
export function param(c: Context, name: string): string {
  const value = c.req.param(name);
  if (value === undefined) throw new HttpProblem(404, 'not_found', `Missing path parameter ${name}.`, name);
  return value;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A YYYY-MM-DD query value as a day number (undefined when absent). A malformed or impossible date
 * (2024-02-30) is the caller's mistake, answered with the route's own status and code, never a 500;
 * a real date outside the time domain (1900-01-01..2100-12-31) is answered with `rangeCode`.
 */
export function dayParam(
  value: string | undefined,
  name: string,
  status: number,
  code: string,
  rangeCode: string = code,
): number | undefined {
  if (value === undefined) return undefined;
  if (!ISO_DATE.test(value)) throw new HttpProblem(status, code, `${name} must be a date YYYY-MM-DD`, name);
  let day: number;
  try {
    day = toDay(value);
  } catch {
    throw new HttpProblem(status, code, `${name} is not a real date: ${value}`, name);
  }
  // Same-length ISO dates compare as strings; outside the domain a date would size tables by its span.
  if (value < TIME_DOMAIN.from || value > TIME_DOMAIN.to) {
    throw new HttpProblem(status, rangeCode, outOfTimeDomainMessage(name, value), name, {
      from: TIME_DOMAIN.from,
      to: TIME_DOMAIN.to,
    });
  }
  return day;
}

const WHOLE = /^(?:0|[1-9]\d{0,14})$/;

/** A whole number written in plain digits (no sign, exponent, hex or spaces), else NaN: `0x10` is not 16. */
export function wholeNumberOf(value: string): number {
  return WHOLE.test(value) ? Number(value) : Number.NaN;
}

/**
 * A whole-number query value (paging, counts) within [min, max], or `fallback` when absent. Anything
 * else (1.5, 1e300, -1, NaN, an empty value) is 422 naming the parameter: every route reads numbers
 * here, so none of them hands a fraction or an unsafe integer to SQL.
 */
export function intParam(
  value: string | undefined,
  name: string,
  range: { fallback: number; min: number; max: number },
): number {
  if (value === undefined) return range.fallback;
  const n = wholeNumberOf(value);
  if (!(n >= range.min && n <= range.max)) {
    throw new HttpProblem(
      422,
      'invalid_value',
      `${name} must be a whole number from ${range.min} to ${range.max}.`,
      name,
      { min: range.min, max: range.max },
    );
  }
  return n;
}
