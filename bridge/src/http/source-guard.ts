import type { RequestHandler } from 'express';
import { CoordinationUnavailableError, type Coordination } from '../cluster/coordination.js';
import { MemoryCoordination } from '../cluster/memory.js';
import type { SecurityConfig } from '../config-security.js';
import type { Metrics } from '../metrics.js';
import type { Logger } from '../util/logger.js';
import { clientAddress, IpAllowlist } from './ip-allowlist.js';
import { RateLimiter } from './rate-limit.js';

/**
 * What stands in front of every phone-system route, before the token and before a byte of
 * the body is read: the source's IP allowlist (403), then its rate limit (429). The allowlist
 * goes first so that addresses that may not post at all cannot use up a source's budget.
 */
export interface SourceGuard {
  /** For express's 'trust proxy' (`RINGSIDE_TRUST_PROXY`); undefined leaves it off. */
  trustProxy: number | string[] | undefined;
  /** Middleware for one source id (generic, zammad, sipgate, placetel, twilio, 3cx). */
  check(source: string): RequestHandler;
}

export interface SourceGuardDeps {
  metrics?: Pick<Metrics, 'webhook'>;
  log?: Logger;
  /** Monotonic milliseconds, for the token buckets. */
  now?: () => number;
  /** Where the buckets live: this process by default, Redis when several instances share them. */
  shared?: Pick<Coordination, 'take'>;
}

/** Log a throttled source at most this often, not once per refused request. */
const WARN_EVERY_MS = 60_000;

export function createSourceGuard(security: SecurityConfig, deps: SourceGuardDeps = {}): SourceGuard {
  const now = deps.now ?? (() => performance.now());
  const allowlist = new IpAllowlist(security.allowIps);
  const limiter = new RateLimiter(security.rateLimits, deps.shared ?? new MemoryCoordination(now));
  const trusted = security.trustProxy !== null;
  const warned = new Map<string, number>();
  const handlers = new Map<string, RequestHandler>();

  /**
   * With Redis away the limit fails open: it guards against floods, it is not what keeps calls
   * correct, and /readyz already takes the instance out of the balancer.
   */
  async function retryAfter(source: string): Promise<number> {
    try {
      return await limiter.take(source);
    } catch (err) {
      if (!(err instanceof CoordinationUnavailableError)) throw err;
      warnOnce(`unavailable:${source}`, 'webhook rate limit not checked: shared state unavailable', source);
      return 0;
    }
  }

  function warnOnce(key: string, message: string, source: string): void {
    const t = now();
    if ((warned.get(key) ?? -Infinity) + WARN_EVERY_MS > t) return;
    warned.set(key, t);
    deps.log?.warn(message, { source });
  }

  function handler(source: string): RequestHandler {
    return async (req, res, next) => {
      if (allowlist.restricts(source)) {
        const address = clientAddress(req, trusted);
        if (!allowlist.allows(source, address)) {
          deps.metrics?.webhook(source, 403);
          deps.log?.warn('webhook refused: address not allowed', { source, address: address ?? null });
          res.status(403).json({ error: 'forbidden', message: `address not allowed for source ${source}`, field: 'source' });
          return;
        }
      }
      const wait = await retryAfter(source);
      if (wait > 0) {
        deps.metrics?.webhook(source, 429);
        warnOnce(source, 'webhook rate limit reached', source);
        res
          .status(429)
          .set('Retry-After', String(wait))
          .json({ error: 'rate_limited', message: `too many requests from source ${source}; retry after ${wait} s`, field: 'source' });
        return;
      }
      next();
    };
  }

  return {
    trustProxy: security.trustProxy === null ? undefined : typeof security.trustProxy === 'number' ? security.trustProxy : [...security.trustProxy],
    check(source) {
      let h = handlers.get(source);
      if (!h) handlers.set(source, (h = handler(source)));
      return h;
    },
  };
}

/** For apps built without a guard (tests, benches): every request passes. */
export const passThrough: RequestHandler = (_req, _res, next) => next();
