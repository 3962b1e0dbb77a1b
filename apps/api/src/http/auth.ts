import type { ApiToken, AuditInput, Role, Store } from '@continuum/store';
import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from '../AppDeps.ts';
import { headerOf } from './jsonBodyLimit.ts';
import { pathWithoutPii } from './pathWithoutPii.ts';
import { HttpProblem, tooManyRequests } from './problem.ts';
import { DEFAULT_FAILED_AUTH_LIMITS, type FailedAuthLimits } from './failedAuthLimits.ts';
import { RateLimiter } from './RateLimiter.ts';

/**
 * Remembers verified tokens for a few seconds so a busy client does not cost a token lookup per
 * request; a revoked token stops working within `ttlMs` (default 2 s; at once on this instance when
 * revoked through it), an expiring one at its expiry. Unknown tokens are not cached.
 */
export class TokenCache {
  private readonly cache = new Map<string, { token: ApiToken; until: number }>();

  constructor(
    private readonly store: Store,
    private readonly ttlMs = 2000,
  ) {}

  /** The cached live token for a secret, without any lookup. */
  peek(secret: string): ApiToken | undefined {
    const hit = this.cache.get(secret);
    return hit && hit.until > Date.now() ? hit.token : undefined;
  }

  /** The live token for a secret: from the cache, else looked up (and cached when valid). */
  async verify(secret: string): Promise<ApiToken | undefined> {
    const hit = this.peek(secret);
    if (hit) return hit;
    const token = await this.store.tokens.verify(secret);
    if (this.ttlMs <= 0) return token;
    if (this.cache.size > 1000) this.cache.clear();
    if (token) {
      const until = Math.min(Date.now() + this.ttlMs, token.expiresAt ?? Number.POSITIVE_INFINITY);
      this.cache.set(secret, { token, until });
    } else this.cache.delete(secret);
    return token;
  }

  /** Drops every cached entry of a token id (it was just revoked). */
  forget(tokenId: number): void {
    for (const [secret, entry] of this.cache) if (entry.token.id === tokenId) this.cache.delete(secret);
  }
}

/**
 * What every route's auth check shares: the token cache, the failed-auth buckets and the audit of
 * refusals. Valid cached tokens never touch the buckets, so busy clients pay nothing for them.
 */
export class AuthGate {
  readonly tokens: TokenCache;
  private readonly perAddress: RateLimiter;
  private readonly global: RateLimiter;

  constructor(
    private readonly store: Store,
    tokenCacheMs = 2000,
    limits: FailedAuthLimits = DEFAULT_FAILED_AUTH_LIMITS,
  ) {
    this.tokens = new TokenCache(store, tokenCacheMs);
    this.perAddress = new RateLimiter(limits.perAddress);
    this.global = new RateLimiter(limits.global);
  }

  /** Seconds an address must wait before its next unverified attempt (0: it may try now). */
  blocked(address: string): number {
    return Math.max(this.perAddress.check(address), this.global.check('*'));
  }

  /** Counts one failed attempt against the address and the server. */
  failed(address: string): void {
    this.perAddress.take(address);
    this.global.take('*');
  }

  /** Appends an audit row for a refusal (never the token itself). */
  async audit(entry: AuditInput): Promise<void> {
    await this.store.audit.record(entry);
  }
}

/** The client's address as the socket reports it (no proxy header is trusted); `local` in-process. */
export function clientAddressOf(c: Context): string {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress ?? 'local';
}

/**
 * Authenticates the bearer token (looked up by its SHA-256) and checks the caller's role against the
 * roles the route declares: 401 without a valid token, 403 with a role the route does not allow,
 * 429 (before any lookup) once an address or the server has failed too often. Every 401 and 403 is
 * audited; the failures that are counted bound how many such rows a flood can write.
 */
export function requireRoles(
  store: Store,
  roles: readonly Role[],
  gate: AuthGate = new AuthGate(store, 0),
): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const header = headerOf(c, 'authorization');
    const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    const secret = match?.[1];
    let token = secret === undefined ? undefined : gate.tokens.peek(secret);
    if (!token) {
      const address = clientAddressOf(c);
      const wait = gate.blocked(address);
      if (wait > 0) {
        throw tooManyRequests(wait, `Too many failed authentications; retry after ${wait} s.`);
      }
      if (secret !== undefined) token = await gate.tokens.verify(secret);
      if (!token) {
        gate.failed(address);
        await gate.audit({
          action: 'auth.unauthorized',
          detail: {
            reason: secret === undefined ? 'missing' : 'invalid',
            address,
            method: c.req.method,
            path: pathWithoutPii(c.req.path),
          },
        });
        c.header('WWW-Authenticate', secret === undefined ? 'Bearer' : 'Bearer error="invalid_token"');
        throw secret === undefined
          ? new HttpProblem(401, 'unauthorized', 'Send an API token: Authorization: Bearer <token>.')
          : new HttpProblem(401, 'unauthorized', 'The API token is unknown, revoked or expired.');
      }
    }
    if (!roles.includes(token.role)) {
      await gate.audit({
        tokenId: token.id,
        role: token.role,
        action: 'auth.forbidden',
        detail: { method: c.req.method, path: pathWithoutPii(c.req.path), requiredRoles: roles },
      });
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
