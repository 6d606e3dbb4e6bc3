/**
 * Per-source request limits: one token bucket per phone system, in memory. The defaults are
 * far above anything a real phone system sends (a busy PBX sends a few events per call); they
 * exist to keep a runaway or hostile sender from flooding the journal, not to shape traffic.
 * The buckets live where the instances' shared state lives (cluster/coordination.ts): in this
 * process by default, in Redis when several instances run, so a limit holds for all together.
 */
import { bucketKey, type Coordination } from '../cluster/coordination.js';

export interface RateLimit {
  /** Sustained requests per second; 0 switches the limit off. */
  perSecond: number;
  /** Requests that may arrive at once after a quiet spell. */
  burst: number;
}

export const DEFAULT_RATE_PER_SECOND = 500;

/** The burst that goes with a rate: two seconds' worth (500/s -> 1,000), at least one request. */
export function rateLimit(perSecond: number): RateLimit {
  return { perSecond, burst: perSecond === 0 ? 0 : Math.max(1, Math.ceil(perSecond * 2)) };
}

/** A classic token bucket; `now` is in milliseconds from any monotonic clock. */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly limit: RateLimit,
    now: number,
  ) {
    this.tokens = limit.burst;
    this.last = now;
  }

  /** Take one token: 0 when the request may pass, else the whole seconds until one is there. */
  take(now: number): number {
    const wait = this.peek(now);
    if (wait === 0 && this.limit.perSecond > 0) this.tokens -= 1;
    return wait;
  }

  /** Up to `max` whole tokens at once; `max` 0 only looks (see Coordination.draw). */
  draw(now: number, max: number): { granted: number; retryAfter: number } {
    if (this.limit.perSecond <= 0) return { granted: max, retryAfter: 0 };
    // peek() refills; it answers 0 exactly when a whole token is there.
    const retryAfter = this.peek(now);
    const granted = Math.min(max, Math.floor(this.tokens));
    this.tokens -= granted;
    return { granted, retryAfter };
  }

  /** Like take(), without taking: 0 when a token is there, else the seconds until one is. */
  peek(now: number): number {
    if (this.limit.perSecond <= 0) return 0;
    const elapsed = Math.max(0, now - this.last) / 1000;
    this.last = Math.max(this.last, now);
    this.tokens = Math.min(this.limit.burst, this.tokens + elapsed * this.limit.perSecond);
    if (this.tokens >= 1) return 0;
    return Math.max(1, Math.ceil((1 - this.tokens) / this.limit.perSecond));
  }
}

/** One bucket per source; a source without a limit (or limit 0) is never throttled. */
export class RateLimiter {
  constructor(
    private readonly limits: Readonly<Record<string, RateLimit>>,
    private readonly shared: Pick<Coordination, 'take'>,
  ) {}

  /** 0 when the request may pass, else the Retry-After in seconds. */
  async take(source: string): Promise<number> {
    const limit = this.limits[source];
    if (!limit || limit.perSecond <= 0) return 0;
    return this.shared.take(bucketKey.source(source), limit);
  }
}

/**
 * One bucket per key (an agent id, a client address), created on first use. The map is bounded:
 * past `maxKeys` the least recently used key is dropped (a dropped key starts again with a full
 * bucket, which only ever errs towards letting a request through), so a flood of new addresses
 * cannot grow the bridge's memory.
 */
export class KeyedLimiter {
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(
    private readonly limit: RateLimit,
    private readonly now: () => number = () => performance.now(),
    private readonly maxKeys = 10_000,
  ) {}

  /** 0 when the request may pass, else the Retry-After in seconds. Takes a token. */
  take(key: string): number {
    if (this.limit.perSecond <= 0) return 0;
    return this.bucket(key).take(this.now());
  }

  /** Whether `key` has a token left, without taking it (for "refuse before checking"). */
  exhausted(key: string): number {
    if (this.limit.perSecond <= 0) return 0;
    const bucket = this.buckets.get(key);
    return bucket ? bucket.peek(this.now()) : 0;
  }

  private bucket(key: string): TokenBucket {
    let bucket = this.buckets.get(key);
    if (bucket) {
      // Re-inserted: Map order is insertion order, so the first key is the least recently used.
      this.buckets.delete(key);
    } else {
      bucket = new TokenBucket(this.limit, this.now());
      if (this.buckets.size >= this.maxKeys) this.buckets.delete(this.buckets.keys().next().value!);
    }
    this.buckets.set(key, bucket);
    return bucket;
  }
}
