import { quoteSent } from '@continuum/machines';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../AppDeps.ts';
import { echoedField } from './echoedField.ts';
import { HttpProblem } from './problem.ts';

// Filters that may be given more than once (their codes are merged).
const REPEATABLE = (key: string) => key === 'ageBand' || key.startsWith('attr.');

/**
 * Refuses a query parameter the route does not declare (400 `unknown_parameter`), and one given
 * twice where only one value is read (400 `repeated_parameter`): a misspelt `mdoe=partial` imported
 * atomically, and `mode=atomic&mode=partial` silently took the first, each without a word.
 */
export function refuseUnknownQuery(
  declared: Readonly<Record<string, string>> | undefined,
): MiddlewareHandler<AppEnv> {
  const known = new Set(Object.keys(declared ?? {}));
  const attrs = known.has('attr.<name>');
  const takes = [...known].join(', ') || 'no query parameters';
  return async (c, next) => {
    // Most requests carry no query: nothing to parse on the moves' hot path.
    const at = c.req.url.indexOf('?');
    if (at < 0) return next();
    const params = new URLSearchParams(c.req.url.slice(at + 1));
    for (const key of new Set(params.keys())) {
      if (!(known.has(key) || (attrs && key.startsWith('attr.'))))
        throw new HttpProblem(
          400,
          'unknown_parameter',
          `${quoteSent(key)} is not a query parameter of this route; it takes ${takes}.`,
          echoedField(key, 'query'),
        );
      if (!REPEATABLE(key) && params.getAll(key).length > 1)
        throw new HttpProblem(
          400,
          'repeated_parameter',
          `${key} is given more than once; give it once.`,
          key,
        );
    }
    await next();
  };
}
