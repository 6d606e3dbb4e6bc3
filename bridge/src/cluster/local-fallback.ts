import type { RateLimit } from '../http/rate-limit.js';
import type { Logger } from '../util/logger.js';
import { CoordinationUnavailableError, type Coordination, type Draw } from './coordination.js';
import { MemoryCoordination } from './memory.js';

export type Buckets = Pick<Coordination, 'take' | 'peek' | 'draw'>;

const WARN_EVERY_MS = 60_000;

/**
 * The shared buckets, and this instance's own while Redis is away. A limit that guards against
 * floods and guessing should neither fail closed (refusing every agent because Redis restarts)
 * nor fail wide open (an attacker's budget unlimited meanwhile): it falls back to per-instance
 * buckets, the behaviour of a single instance, until Redis answers again. /readyz meanwhile
 * takes the instance out of the balancer anyway.
 */
export function withLocalFallback(shared: Buckets, opts: { log?: Logger; now?: () => number; what: string }): Buckets {
  // One process is its own fallback already.
  if (shared instanceof MemoryCoordination) return shared;
  const local = new MemoryCoordination(opts.now);
  let warnedAt = -Infinity;
  async function either<T>(run: (b: Buckets) => Promise<T>): Promise<T> {
    try {
      return await run(shared);
    } catch (err) {
      if (!(err instanceof CoordinationUnavailableError)) throw err;
      const t = performance.now();
      if (warnedAt + WARN_EVERY_MS <= t) {
        warnedAt = t;
        opts.log?.warn(`${opts.what} counted on this instance only: shared state unavailable`, { error: err.message });
      }
      return run(local);
    }
  }
  return {
    take: (key: string, limit: RateLimit) => either((b) => b.take(key, limit)),
    peek: (key: string, limit: RateLimit) => either((b) => b.peek(key, limit)),
    draw: (key: string, limit: RateLimit, max: number): Promise<Draw> => either((b) => b.draw(key, limit, max)),
  };
}
