import { describe, expect, it } from 'vitest';
import { createRateLimiter } from '../../../src/http/rate-limit.js';

describe('createRateLimiter', () => {
  it('allows perMinute requests at once, then refuses with the seconds until the next token', () => {
    let now = 0;
    const limiter = createRateLimiter({ perMinute: 6, now: () => now });
    for (let i = 0; i < 6; i++) expect(limiter.take('a').allowed).toBe(true);
    expect(limiter.take('a')).toEqual({ allowed: false, retryAfterSeconds: 10 });
    now += 10_000;
    expect(limiter.take('a').allowed).toBe(true);
    expect(limiter.take('a').allowed).toBe(false);
  });

  it('keeps a separate bucket per client', () => {
    const limiter = createRateLimiter({ perMinute: 1, now: () => 0 });
    expect(limiter.take('a').allowed).toBe(true);
    expect(limiter.take('a').allowed).toBe(false);
    expect(limiter.take('b').allowed).toBe(true);
  });

  it('never refills beyond the bucket size', () => {
    let now = 0;
    const limiter = createRateLimiter({ perMinute: 2, now: () => now });
    limiter.take('a');
    now += 3_600_000;
    expect(limiter.take('a').allowed).toBe(true);
    expect(limiter.take('a').allowed).toBe(true);
    expect(limiter.take('a').allowed).toBe(false);
  });

  it('stays bounded under many clients, dropping the least recently seen first', () => {
    const limiter = createRateLimiter({ perMinute: 1, now: () => 0, maxKeys: 3 });
    for (const k of ['a', 'b', 'c']) limiter.take(k);
    limiter.take('a'); // refused, but now the most recently seen
    limiter.take('d'); // evicts b, the least recently seen
    expect(limiter.take('a').allowed).toBe(false);
    expect(limiter.take('b').allowed).toBe(true);
  });
});
