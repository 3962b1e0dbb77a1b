import { toDay } from '@continuum/analytics';
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
 * (2024-02-30) is the caller's mistake, answered with the route's own status and code, never a 500.
 */
export function dayParam(
  value: string | undefined,
  name: string,
  status: number,
  code: string,
): number | undefined {
  if (value === undefined) return undefined;
  if (!ISO_DATE.test(value)) throw new HttpProblem(status, code, `${name} must be a date YYYY-MM-DD`, name);
  try {
    return toDay(value);
  } catch {
    throw new HttpProblem(status, code, `${name} is not a real date: ${value}`, name);
  }
}
