import type { RateLimit } from '../http/rate-limit.js';
import { TokenBucket } from '../http/rate-limit.js';
import { ReplayCache } from '../pbx/standard-webhooks.js';
import type { AgentChange, ClusterHandlers, Coordination, Draw, PublishedEvent } from './coordination.js';

/** Buckets are forgotten after this many keys, oldest first: addresses must not grow memory. */
const MAX_BUCKETS = 100_000;

/** One instance: buckets, replay ids and the bus in this process (the default). */
export class MemoryCoordination implements Coordination {
  readonly kind = 'memory';
  private readonly buckets = new Map<string, TokenBucket>();
  private readonly replay: ReplayCache;
  private handlers: ClusterHandlers | undefined;

  constructor(
    private readonly now: () => number = () => performance.now(),
    maxReplayIds?: number,
  ) {
    this.replay = new ReplayCache(maxReplayIds);
  }

  async take(key: string, limit: RateLimit): Promise<number> {
    if (limit.perSecond <= 0) return 0;
    return this.bucket(key, limit).take(this.now());
  }

  async peek(key: string, limit: RateLimit): Promise<number> {
    if (limit.perSecond <= 0) return 0;
    // A key never taken from is a full bucket: looking creates nothing.
    return this.buckets.get(key)?.peek(this.now()) ?? 0;
  }

  async draw(key: string, limit: RateLimit, max: number): Promise<Draw> {
    if (limit.perSecond <= 0) return { granted: max, retryAfter: 0 };
    return this.bucket(key, limit).draw(this.now(), max);
  }

  private bucket(key: string, limit: RateLimit): TokenBucket {
    let bucket = this.buckets.get(key);
    if (!bucket) {
      if (this.buckets.size >= MAX_BUCKETS) this.buckets.delete(this.buckets.keys().next().value!);
      this.buckets.set(key, (bucket = new TokenBucket(limit, this.now())));
    }
    return bucket;
  }

  async claim(id: string, untilS: number, nowS: number): Promise<boolean> {
    if (this.replay.has(id, nowS)) return false;
    this.replay.add(id, untilS, nowS);
    return true;
  }

  async release(id: string): Promise<void> {
    this.replay.delete(id);
  }

  async publishCall(event: PublishedEvent): Promise<void> {
    this.handlers?.call(event);
  }

  async publishAgent(change: AgentChange): Promise<void> {
    this.handlers?.agent(change);
  }

  async subscribe(handlers: ClusterHandlers): Promise<void> {
    this.handlers = handlers;
    handlers.resync();
  }

  async healthy(): Promise<boolean> {
    return true;
  }

  async close(): Promise<void> {
    this.handlers = undefined;
  }
}
