/**
 * Per-client token bucket for the public customer routes. In memory, per process: with several replicas
 * each one limits on its own, which is enough to blunt token guessing and scripted hammering (tokens are
 * 128-bit random, so the limit is about load, not secrecy).
 */

export interface RateLimiter {
  /** Takes one token for `key`; when none is left, says how many seconds until one is. */
  take(key: string): { allowed: true } | { allowed: false; retryAfterSeconds: number };
}

export interface RateLimiterOptions {
  /** Bucket size and refill per minute. */
  readonly perMinute: number;
  readonly now?: () => number;
  /** Buckets kept at most; idle full buckets are dropped first. */
  readonly maxKeys?: number;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

export function createRateLimiter(opts: RateLimiterOptions): RateLimiter {
  const capacity = Math.max(1, opts.perMinute);
  const perMs = capacity / 60_000;
  const now = opts.now ?? Date.now;
  const maxKeys = opts.maxKeys ?? 10_000;
  const buckets = new Map<string, Bucket>();

  const refill = (b: Bucket, t: number): void => {
    b.tokens = Math.min(capacity, b.tokens + (t - b.updatedAt) * perMs);
    b.updatedAt = t;
  };

  // Keeps memory bounded under many distinct clients: drop buckets that have refilled (they carry no state),
  // then, if still too many, the least recently used (Map keeps insertion order; take() re-inserts).
  const prune = (t: number): void => {
    for (const [key, b] of buckets) {
      refill(b, t);
      if (b.tokens >= capacity) buckets.delete(key);
    }
    for (const key of buckets.keys()) {
      if (buckets.size < maxKeys) break;
      buckets.delete(key);
    }
  };

  return {
    take(key) {
      const t = now();
      let b = buckets.get(key);
      if (b) {
        buckets.delete(key);
        refill(b, t);
      } else {
        if (buckets.size >= maxKeys) prune(t);
        b = { tokens: capacity, updatedAt: t };
      }
      buckets.set(key, b);
      if (b.tokens >= 1) {
        b.tokens -= 1;
        return { allowed: true };
      }
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - b.tokens) / perMs / 1000)) };
    },
  };
}
