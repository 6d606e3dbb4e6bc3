import type { Request, RequestHandler, Response } from 'express';
import type { SecurityConfig } from '../config-security.js';
import type { Metrics } from '../metrics.js';
import type { LogFields, Logger } from '../util/logger.js';
import { clientAddress, IpAllowlist } from './ip-allowlist.js';
import { RateLimiter } from './rate-limit.js';
import { createFailedAttempts, tooManyFailures, type FailedAttempts } from './failed-attempts.js';
import { CoordinationUnavailableError, type Coordination } from '../cluster/coordination.js';
import { MemoryCoordination } from '../cluster/memory.js';

/**
 * What stands around every phone-system route, in this order:
 * 1. before the token and before a byte of the body is read (`check`): the source's IP
 *    allowlist (403), then the client address's budget of failed attempts (429);
 * 2. a wrong token or signature (`failed`) is taken from that address's budget, never from the
 *    source's: strangers guessing tokens cannot starve a real phone system;
 * 3. only a request whose token and signature passed spends the source's shared budget
 *    (`spend`, 429), so the source's rate limit is the real phone system's alone.
 */
export interface SourceGuard {
  /** For express's 'trust proxy' (`RINGSIDE_TRUST_PROXY`); undefined leaves it off. */
  trustProxy: number | string[] | undefined;
  /** Middleware for one source id (generic, zammad, sipgate, placetel, twilio, 3cx). */
  check(source: string): RequestHandler;
  /** A wrong token or signature from this request's address; resolves once it is counted. */
  failed(req: Request, source: string): Promise<void>;
  /** After authentication: take from the source's budget; false when a 429 was sent instead. */
  spend(source: string, res: Response): Promise<boolean>;
}

export interface SourceGuardDeps {
  metrics?: Pick<Metrics, 'webhook'>;
  log?: Logger;
  /** Monotonic milliseconds, for the token buckets. */
  now?: () => number;
  /**
   * The budget of failed attempts per client address, shared with the agent and admin logins
   * (http/failed-attempts.ts); by default one in this process, 5/s with a burst of 10.
   */
  failures?: FailedAttempts;
  /** Where the sources' buckets live: this process by default, Redis when several instances share them. */
  shared?: Pick<Coordination, 'take'>;
}

/** Log a throttled source or address at most this often, not once per refused request. */
const WARN_EVERY_MS = 60_000;

export function createSourceGuard(security: SecurityConfig, deps: SourceGuardDeps = {}): SourceGuard {
  const now = deps.now ?? (() => performance.now());
  const allowlist = new IpAllowlist(security.allowIps);
  const limiter = new RateLimiter(security.rateLimits, deps.shared ?? new MemoryCoordination(now));
  const failures = deps.failures ?? createFailedAttempts({ shared: new MemoryCoordination(now), limit: { perSecond: 5, burst: 10 }, now, ...(deps.log && { log: deps.log }) });
  const trusted = security.trustProxy !== null;
  const warned = new Map<string, number>();
  const handlers = new Map<string, RequestHandler>();

  function warnOnce(key: string, message: string, fields: LogFields): void {
    const t = now();
    if ((warned.get(key) ?? -Infinity) + WARN_EVERY_MS > t) return;
    // Bounded like the buckets: old entries go first.
    if (warned.size >= 1000) warned.delete(warned.keys().next().value!);
    warned.set(key, t);
    deps.log?.warn(message, fields);
  }

  function tooMany(res: Response, source: string, retryAfter: number, message: string): void {
    deps.metrics?.webhook(source, 429);
    res.status(429).set('Retry-After', String(retryAfter)).json({ error: 'rate_limited', message, field: 'source' });
  }

  function tooManyFailed(res: Response, source: string, retryAfter: number): void {
    deps.metrics?.webhook(source, 429);
    const e = tooManyFailures(retryAfter);
    res.status(429).set('Retry-After', String(retryAfter)).json({ error: e.code, message: e.message });
  }

  function handler(source: string): RequestHandler {
    return (req, res, next) => {
      const address = clientAddress(req, trusted);
      if (allowlist.restricts(source) && !allowlist.allows(source, address)) {
        deps.metrics?.webhook(source, 403);
        deps.log?.warn('webhook refused: address not allowed', { source, address: address ?? null });
        res.status(403).json({ error: 'forbidden', message: `address not allowed for source ${source}`, field: 'source' });
        return;
      }
      // Logged by the budget itself, once a minute per address, whatever the credential was for.
      failures.refused(address).then((wait) => (wait === 0 ? next() : tooManyFailed(res, source, wait)), next);
    };
  }

  return {
    trustProxy: security.trustProxy === null ? undefined : typeof security.trustProxy === 'number' ? security.trustProxy : [...security.trustProxy],
    check(source) {
      let h = handlers.get(source);
      if (!h) handlers.set(source, (h = handler(source)));
      return h;
    },
    failed(req) {
      return failures.failed(clientAddress(req, trusted));
    },
    async spend(source, res) {
      let retryAfter: number;
      try {
        retryAfter = await limiter.take(source);
      } catch (err) {
        // Redis away: the limit fails open. It guards against floods, not correctness, and
        // /readyz takes the instance out of the balancer meanwhile.
        if (!(err instanceof CoordinationUnavailableError)) throw err;
        warnOnce(`unavailable:${source}`, 'webhook rate limit not checked: shared state unavailable', { source });
        return true;
      }
      if (retryAfter === 0) return true;
      warnOnce(`source:${source}`, 'webhook rate limit reached', { source });
      tooMany(res, source, retryAfter, `too many requests from source ${source}; retry after ${retryAfter} s`);
      return false;
    },
  };
}

/** For apps built without a guard (tests, benches): every request passes. */
export const passThrough: RequestHandler = (_req, _res, next) => next();

/** The guard of apps built without one: nothing is refused, nothing is counted. */
export const openGuard: Pick<SourceGuard, 'check' | 'failed' | 'spend'> = {
  check: () => passThrough,
  failed: async () => undefined,
  spend: async () => true,
};
