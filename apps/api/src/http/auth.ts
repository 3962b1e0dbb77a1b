import type { ApiToken, Role, Store } from '@continuum/store';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../AppDeps.ts';
import { headerOf } from './jsonBodyLimit.ts';
import { HttpProblem } from './problem.ts';

/**
 * Authenticates the bearer token (looked up by its SHA-256) and checks the caller's role against the
 * roles the route declares: 401 without a valid token, 403 with a role the route does not allow.
 */
export function requireRoles(
  store: Store,
  roles: readonly Role[],
  verify: (token: string) => Promise<ApiToken | undefined> = (t) => store.tokens.verify(t),
): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const header = headerOf(c, 'authorization');
    const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!match) {
      c.header('WWW-Authenticate', 'Bearer');
      throw new HttpProblem(401, 'unauthorized', 'Send an API token: Authorization: Bearer <token>.');
    }
    const token = await verify(match[1]!);
    if (!token) {
      c.header('WWW-Authenticate', 'Bearer error="invalid_token"');
      throw new HttpProblem(401, 'unauthorized', 'The API token is unknown or revoked.');
    }
    if (!roles.includes(token.role)) {
      throw new HttpProblem(
        403,
        'forbidden',
        `This needs one of the roles ${roles.join(', ')}; your token is ${token.role}.`,
        undefined,
        {
          requiredRoles: roles,
          role: token.role,
        },
      );
    }
    c.set('caller', { tokenId: token.id, role: token.role, label: token.label });
    c.set('role', token.role);
    await next();
  };
}

/**
 * Remembers verified tokens for a few seconds so a busy client does not cost a token lookup per
 * request; a revoked token stops working within `ttlMs` (default 2 s). Unknown tokens are not cached.
 */
export function cachedVerifier(store: Store, ttlMs = 2000): (token: string) => Promise<ApiToken | undefined> {
  const cache = new Map<string, { token: ApiToken; until: number }>();
  return async (secret) => {
    const now = Date.now();
    const hit = cache.get(secret);
    if (hit && hit.until > now) return hit.token;
    const token = await store.tokens.verify(secret);
    if (cache.size > 1000) cache.clear();
    if (token) cache.set(secret, { token, until: now + ttlMs });
    else cache.delete(secret);
    return token;
  };
}
