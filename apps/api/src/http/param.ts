import type { Context } from 'hono';
import { HttpProblem } from './problem.ts';

/** A path parameter the route pattern guarantees (404 if somehow absent). */
export function param(c: Context, name: string): string {
  const value = c.req.param(name);
  if (value === undefined) throw new HttpProblem(404, 'not_found', `Missing path parameter ${name}.`, name);
  return value;
}
