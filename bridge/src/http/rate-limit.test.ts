import { describe, expect, it } from 'vitest';
import { MemoryCoordination } from '../cluster/memory.js';
import { DEFAULT_RATE_PER_SECOND, rateLimit, RateLimiter, TokenBucket } from './rate-limit.js';

describe('token bucket', () => {
  it('lets a burst through at once, then one request per refilled token', () => {
    const bucket = new TokenBucket({ perSecond: 5, burst: 10 }, 0);
    for (let i = 0; i < 10; i++) expect(bucket.take(0)).toBe(0);
    expect(bucket.take(0)).toBe(1);
    // 200 ms at 5/s is one token.
    expect(bucket.take(200)).toBe(0);
    expect(bucket.take(200)).toBeGreaterThan(0);
  });

  it('refills up to the burst, never beyond', () => {
    const bucket = new TokenBucket({ perSecond: 5, burst: 10 }, 0);
    for (let i = 0; i < 10; i++) bucket.take(0);
    let passed = 0;
    for (let i = 0; i < 100; i++) if (bucket.take(3_600_000) === 0) passed++;
    expect(passed).toBe(10);
  });

  it('answers Retry-After in whole seconds, at least 1', () => {
    const slow = new TokenBucket({ perSecond: 0.1, burst: 1 }, 0);
    expect(slow.take(0)).toBe(0);
    expect(slow.take(0)).toBe(10);
    expect(slow.take(5_000)).toBe(5);
    const fast = new TokenBucket({ perSecond: 500, burst: 1 }, 0);
    fast.take(0);
    expect(fast.take(0)).toBe(1);
  });

  it('a clock that steps back does not mint tokens', () => {
    const bucket = new TokenBucket({ perSecond: 1, burst: 1 }, 10_000);
    expect(bucket.take(10_000)).toBe(0);
    expect(bucket.take(0)).toBeGreaterThan(0);
    expect(bucket.take(10_000)).toBeGreaterThan(0);
  });

  it('a rate of 0 is no limit', () => {
    const bucket = new TokenBucket(rateLimit(0), 0);
    for (let i = 0; i < 10_000; i++) expect(bucket.take(0)).toBe(0);
  });
});

describe('rate limiter per source', () => {
  it('defaults to 500/s with a burst of 1,000', () => {
    expect(rateLimit(DEFAULT_RATE_PER_SECOND)).toEqual({ perSecond: 500, burst: 1000 });
  });

  it('keeps one bucket per source: a throttled source does not touch another', async () => {
    let now = 0;
    const limiter = new RateLimiter({ sipgate: rateLimit(5), generic: rateLimit(5) }, new MemoryCoordination(() => now));
    for (let i = 0; i < 10; i++) expect(await limiter.take('sipgate')).toBe(0);
    expect(await limiter.take('sipgate')).toBeGreaterThan(0);
    expect(await limiter.take('generic')).toBe(0);
    now = 1000;
    expect(await limiter.take('sipgate')).toBe(0);
  });

  it('passes sources without a limit and sources switched off', async () => {
    const limiter = new RateLimiter({ twilio: rateLimit(0) }, new MemoryCoordination(() => 0));
    for (let i = 0; i < 5000; i++) {
      expect(await limiter.take('twilio')).toBe(0);
      expect(await limiter.take('unknown')).toBe(0);
    }
  });

  it('the default never throttles a phone system sending 1,000 events at once and 500/s after', async () => {
    let now = 0;
    const limiter = new RateLimiter({ placetel: rateLimit(DEFAULT_RATE_PER_SECOND) }, new MemoryCoordination(() => now));
    for (let i = 0; i < 1000; i++) expect(await limiter.take('placetel')).toBe(0);
    for (let s = 1; s <= 10; s++) {
      now = s * 1000;
      for (let i = 0; i < 500; i++) expect(await limiter.take('placetel')).toBe(0);
    }
  });
});
