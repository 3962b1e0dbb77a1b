import type { RateLimit } from './RateLimiter.ts';

/** Limits on failed authentication: per client address and for the whole server. */
export interface FailedAuthLimits {
  perAddress: RateLimit;
  global: RateLimit;
}

/** Defaults: 20 failures at once per address then 30 a minute; 200 at once server-wide then 20 a second. */
export const DEFAULT_FAILED_AUTH_LIMITS: FailedAuthLimits = {
  perAddress: { burst: 20, perMinute: 30 },
  global: { burst: 200, perMinute: 1200 },
};
