import type { IncomingMessage } from 'node:http';
import proxyaddr from 'proxy-addr';
import type { RateLimit } from './rate-limit.js';
import { bucketKey } from '../cluster/coordination.js';
import type { Logger } from '../util/logger.js';
import { HttpError } from './errors.js';
import { normalizeAddress } from './ip-allowlist.js';
import type { Buckets } from '../cluster/local-fallback.js';

/**
 * The budget of failed attempts per client address: wrong webhook tokens and signatures, wrong
 * agent tokens (`/api/me/*`, the socket's hello), wrong admin tokens (bearer and console login)
 * all count against the one budget of the address they came from, in the instances' shared
 * state (`fail:<address>`, cluster/coordination.ts). So a stranger gets the same budget however
 * many instances stand behind the balancer, and a phone system or agent with the right
 * credentials at another address is never refused because of a stranger's failures.
 *
 * Order, wherever credentials are checked: `refused` before the check (an address over its
 * budget is refused before its guess is looked at, so a guess can never succeed there), then
 * `failed` when the check says no. `failed` resolves once the failure is counted, so a client's
 * next request sees it on any instance.
 */
export interface FailedAttempts {
  /** 0: go ahead and check; else the seconds until this address may try again. */
  refused(address: string | undefined): Promise<number>;
  failed(address: string | undefined): Promise<void>;
}

export interface FailedAttemptsDeps {
  /** The instances' shared buckets; with Redis wrapped by withLocalFallback (server.ts), so an outage is no 500. */
  shared: Pick<Buckets, 'peek' | 'take'>;
  /** `RINGSIDE_FAILED_AUTH_RATE`: default 5 a second per address, burst 10. */
  limit: RateLimit;
  log?: Logger;
  /** Monotonic milliseconds. */
  now?: () => number;
}

/** Addresses known to be over budget, remembered locally so a flood costs no shared-state round trip. */
const MAX_LOCAL = 10_000;
const WARN_EVERY_MS = 60_000;

export function createFailedAttempts(deps: FailedAttemptsDeps): FailedAttempts {
  const now = deps.now ?? (() => performance.now());
  const { shared } = deps;
  const blockedUntil = new Map<string, number>();
  const warned = new Map<string, number>();

  function block(key: string, wait: number): number {
    if (wait > 0) {
      if (blockedUntil.size >= MAX_LOCAL) blockedUntil.delete(blockedUntil.keys().next().value!);
      blockedUntil.set(key, now() + wait * 1000);
      const t = now();
      if ((warned.get(key) ?? -Infinity) + WARN_EVERY_MS <= t) {
        if (warned.size >= 1000) warned.delete(warned.keys().next().value!);
        warned.set(key, t);
        deps.log?.warn('too many failed attempts from one address, refused for a while', { address: key, retryAfter: wait });
      }
    }
    return wait;
  }

  return {
    async refused(address) {
      if (deps.limit.perSecond <= 0) return 0;
      const key = addressKey(address);
      const until = blockedUntil.get(key);
      if (until !== undefined) {
        const left = Math.ceil((until - now()) / 1000);
        if (left > 0) return left;
        blockedUntil.delete(key);
      }
      return block(key, await shared.peek(bucketKey.failures(key), deps.limit));
    },
    async failed(address) {
      if (deps.limit.perSecond <= 0) return;
      const key = addressKey(address);
      block(key, await shared.take(bucketKey.failures(key), deps.limit));
    },
  };
}

/** Never counts, never refuses: for apps and tests built without shared state. */
export const noFailureBudget: FailedAttempts = { refused: async () => 0, failed: async () => undefined };

/** The 429 an address over its budget gets; the JSON names the reason. */
export function tooManyFailures(retryAfter: number): HttpError {
  return new HttpError('too_many_failed_attempts', `too many failed attempts from this address; retry after ${retryAfter} s`, undefined, 429, retryAfter);
}

/**
 * The budget's key for an address. IPv4 (also IPv4-mapped IPv6) by the whole address; IPv6 by
 * its /64 network, since one line usually gets a whole /64 and could otherwise try from 2^64
 * addresses. Unknown addresses share one key.
 */
export function addressKey(address: string | undefined): string {
  const host = address === undefined ? null : normalizeAddress(address);
  if (!host) return 'unknown';
  if (host.family === 'ipv4') return host.address;
  return `${ipv6Groups(host.address).slice(0, 4).join(':')}::/64`;
}

/** The eight 16-bit groups of an IPv6 address (`::` expanded, an embedded IPv4 tail converted). */
function ipv6Groups(address: string): string[] {
  let text = address;
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const middle = tail === undefined ? [] : Array<string>(8 - left.length - right.length).fill('0');
  return [...left, ...middle, ...right].map((g) => parseInt(g, 16).toString(16));
}

/**
 * The address a socket upgrade comes from, read the way express reads `req.ip` (the same
 * proxy-addr library): the TCP peer, or behind a proxy named in `RINGSIDE_TRUST_PROXY` the
 * X-Forwarded-For entry of the first untrusted hop.
 */
export function upgradeAddress(req: IncomingMessage, trustProxy: number | readonly string[] | null): string | undefined {
  if (trustProxy === null) return req.socket.remoteAddress;
  const trust = typeof trustProxy === 'number' ? (_addr: string, hop: number) => hop < trustProxy : proxyaddr.compile([...trustProxy]);
  return proxyaddr(req, trust);
}
