/**
 * Per-source request limits: one token bucket per phone system. The defaults are
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
