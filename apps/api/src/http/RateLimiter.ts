/** How many actions a key may take: a burst, refilled at a steady rate. */
export interface RateLimit {
  /** Actions allowed at once (the bucket's size). */
  burst: number;
  /** Actions regained per minute. */
  perMinute: number;
}

/**
 * Token buckets by key (a caller, a client address, or one global key): O(1) per check, and the
 * map is bounded (cleared when it passes `maxKeys`, which only ever forgives). `take` spends one
 * action; `check` only asks. Both answer how many seconds to wait when the bucket is empty.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    readonly limit: RateLimit,
    private readonly now: () => number = Date.now,
    private readonly maxKeys = 10_000,
  ) {}

  /** Spends one action for `key`: 0 when allowed, else the seconds until one is available. */
  take(key: string): number {
    const b = this.bucket(key);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return this.waitOf(b);
  }

  /** 0 when `key` could act now, else the seconds to wait; spends nothing. */
  check(key: string): number {
    const b = this.bucket(key);
    return b.tokens >= 1 ? 0 : this.waitOf(b);
  }

  private bucket(key: string): { tokens: number; at: number } {
    const t = this.now();
    let b = this.buckets.get(key);
    if (!b) {
      if (this.buckets.size >= this.maxKeys) this.buckets.clear();
      b = { tokens: this.limit.burst, at: t };
      this.buckets.set(key, b);
      return b;
    }
    const regained = ((t - b.at) * this.limit.perMinute) / 60_000;
    b.tokens = Math.min(this.limit.burst, b.tokens + regained);
    b.at = t;
    return b;
  }

  private waitOf(b: { tokens: number }): number {
    return Math.max(1, Math.ceil(((1 - b.tokens) * 60) / this.limit.perMinute));
  }
}
