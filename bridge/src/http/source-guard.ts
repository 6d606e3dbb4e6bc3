import type { RequestHandler } from 'express';
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
}

/** Log a throttled source at most this often, not once per refused request. */
const WARN_EVERY_MS = 60_000;

export function createSourceGuard(security: SecurityConfig, deps: SourceGuardDeps = {}): SourceGuard {
  const now = deps.now ?? (() => performance.now());
  const allowlist = new IpAllowlist(security.allowIps);
  const limiter = new RateLimiter(security.rateLimits, now);
  const trusted = security.trustProxy !== null;
  const warned = new Map<string, number>();
  const handlers = new Map<string, RequestHandler>();

  function handler(source: string): RequestHandler {
    return (req, res, next) => {
      if (allowlist.restricts(source)) {
        const address = clientAddress(req, trusted);
        if (!allowlist.allows(source, address)) {
          deps.metrics?.webhook(source, 403);
          deps.log?.warn('webhook refused: address not allowed', { source, address: address ?? null });
          res.status(403).json({ error: 'forbidden', message: `address not allowed for source ${source}`, field: 'source' });
          return;
        }
      }
      const retryAfter = limiter.take(source);
      if (retryAfter > 0) {
        deps.metrics?.webhook(source, 429);
        const t = now();
        if ((warned.get(source) ?? -Infinity) + WARN_EVERY_MS <= t) {
          warned.set(source, t);
          deps.log?.warn('webhook rate limit reached', { source });
        }
        res
          .status(429)
          .set('Retry-After', String(retryAfter))
          .json({ error: 'rate_limited', message: `too many requests from source ${source}; retry after ${retryAfter} s`, field: 'source' });
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
