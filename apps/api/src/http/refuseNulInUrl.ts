import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../AppDeps.ts';
import { HttpProblem } from './problem.ts';

/**
 * Refuses an address holding an encoded NUL (`%00`) before any route reads it: no id, name or
 * query value may hold one, and PostgreSQL refuses NUL in text outright, so a lookup by such an id
 * failed as a server error instead of the sender's mistake.
 */
export function refuseNulInUrl(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (/%00/.test(c.req.url))
      throw new HttpProblem(
        400,
        'malformed_request',
        'The address holds a NUL character (%00), which no id, name or query value may hold.',
        'url',
      );
    await next();
  };
}
