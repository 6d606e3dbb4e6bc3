import { existsSync, readFileSync } from 'node:fs';
import { createSecureContext } from 'node:tls';
import { ConfigError } from './config.js';
import { AllowListEntryError, parseAllowList, splitList } from './http/ip-allowlist.js';
import { DEFAULT_RATE_PER_SECOND, rateLimit, type RateLimit } from './http/rate-limit.js';
import { decodeSigningSecret } from './pbx/standard-webhooks.js';

/**
 * The phone-system entry points' protection, from the environment: rate limits, IP
 * allowlists, the proxy to trust for client addresses, the generic webhook's signing secret
 * and TLS. Every mistake is a ConfigError naming the variable, like the rest of config.ts.
 */

/** Every phone-system entry point, by the source id its routes and variables use. */
export const SECURED_SOURCES = ['generic', 'zammad', 'sipgate', 'placetel', 'twilio', '3cx'] as const;
export type SecuredSource = (typeof SECURED_SOURCES)[number];

export interface TlsConfig {
  /** PEM text read from `RINGSIDE_TLS_CERT` / `RINGSIDE_TLS_KEY`. */
  cert: string;
  key: string;
  certFile: string;
  keyFile: string;
}

export interface SecurityConfig {
  /** Per source: `RINGSIDE_RATE_LIMIT_<SOURCE>`, else `RINGSIDE_RATE_LIMIT`, else 500/s; 0 = off. */
  rateLimits: Readonly<Record<SecuredSource, RateLimit>>;
  /** `RINGSIDE_ALLOW_IPS_<SOURCE>`: addresses and CIDR ranges; a source without a list admits any. */
  allowIps: Readonly<Partial<Record<SecuredSource, readonly string[]>>>;
  /** `RINGSIDE_TRUST_PROXY` for express's 'trust proxy': a hop count or proxy addresses; null = the TCP peer. */
  trustProxy: number | readonly string[] | null;
  /** `RINGSIDE_GENERIC_SIGNING_SECRET` (`whsec_<base64>`): Standard Webhooks signatures on the generic webhook. */
  genericSigningSecret: string | null;
  /** `RINGSIDE_TLS_CERT` + `RINGSIDE_TLS_KEY`: serve HTTPS/WSS directly. */
  tls: Readonly<TlsConfig> | null;
}

type Env = Record<string, string | undefined>;

const MAX_RATE = 1_000_000;
/** The spec asks for 24 to 64 random bytes. */
const MIN_SECRET_BYTES = 24;
const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

export function securityConfig(env: Env): SecurityConfig {
  return Object.freeze({
    rateLimits: Object.freeze(rateLimits(env)),
    allowIps: Object.freeze(allowIps(env)),
    trustProxy: trustProxy(env),
    genericSigningSecret: signingSecret(env, 'RINGSIDE_GENERIC_SIGNING_SECRET'),
    tls: tls(env),
  });
}

/** The variable's suffix as a source id (`_3CX` -> 3cx), or a ConfigError for a typo. */
function sourceOf(name: string, prefix: string): SecuredSource {
  const suffix = name.slice(prefix.length).toLowerCase();
  const source = SECURED_SOURCES.find((s) => s === suffix);
  if (!source) {
    const names = SECURED_SOURCES.map((s) => s.toUpperCase()).join(', ');
    throw new ConfigError(`${name}: unknown phone system "${suffix}"; use one of ${names}`);
  }
  return source;
}

function variables(env: Env, prefix: string): string[] {
  return Object.keys(env).filter((name) => name.startsWith(prefix) && env[name]?.trim());
}

function rate(env: Env, name: string): number | null {
  const raw = env[name]?.trim();
  if (!raw) return null;
  const value = Number(raw);
  if (!/^\d+(\.\d+)?$/.test(raw) || !(value <= MAX_RATE)) {
    throw new ConfigError(`${name}: "${raw}" must be requests per second from 0 (off) to ${MAX_RATE}`);
  }
  return value;
}

function rateLimits(env: Env): Record<SecuredSource, RateLimit> {
  const all = rate(env, 'RINGSIDE_RATE_LIMIT') ?? DEFAULT_RATE_PER_SECOND;
  const limits = Object.fromEntries(SECURED_SOURCES.map((s) => [s, rateLimit(all)])) as Record<SecuredSource, RateLimit>;
  for (const name of variables(env, 'RINGSIDE_RATE_LIMIT_')) {
    limits[sourceOf(name, 'RINGSIDE_RATE_LIMIT_')] = rateLimit(rate(env, name)!);
  }
  return limits;
}

function allowIps(env: Env): Partial<Record<SecuredSource, readonly string[]>> {
  const lists: Partial<Record<SecuredSource, readonly string[]>> = {};
  for (const name of variables(env, 'RINGSIDE_ALLOW_IPS_')) {
    const source = sourceOf(name, 'RINGSIDE_ALLOW_IPS_');
    const entries = splitList(env[name]!);
    addresses(name, entries);
    lists[source] = Object.freeze(entries);
  }
  return lists;
}

function addresses(name: string, entries: string[]): void {
  try {
    parseAllowList(entries);
  } catch (err) {
    if (!(err instanceof AllowListEntryError)) throw err;
    throw new ConfigError(`${name}: ${err.message}; use addresses and CIDR ranges such as 203.0.113.0/24,2001:db8::/32,198.51.100.7`);
  }
}

function trustProxy(env: Env): number | readonly string[] | null {
  const name = 'RINGSIDE_TRUST_PROXY';
  const raw = env[name]?.trim();
  if (!raw) return null;
  if (/^\d+$/.test(raw)) {
    const hops = Number(raw);
    if (hops > 10) throw new ConfigError(`${name}: "${raw}" hops is not a plausible chain of proxies (0 to 10)`);
    return hops === 0 ? null : hops;
  }
  const entries = splitList(raw);
  if (entries.some((e) => ['true', 'yes', '*'].includes(e.toLowerCase()))) {
    throw new ConfigError(`${name}: trusting every address lets any client choose its own; give the hop count (1) or the proxy addresses`);
  }
  addresses(name, entries.filter((e) => !PROXY_NAMES.includes(e)));
  return Object.freeze(entries);
}

function signingSecret(env: Env, name: string): string | null {
  const raw = env[name]?.trim();
  if (!raw) return null;
  const key = raw.startsWith('whsec_') ? decodeSigningSecret(raw) : null;
  if (!key || key.length < MIN_SECRET_BYTES) {
    throw new ConfigError(`${name}: use whsec_ followed by at least ${MIN_SECRET_BYTES} random bytes in base64, e.g. whsec_$(openssl rand -base64 32)`);
  }
  return raw;
}

function pemFile(env: Env, name: string, marker: RegExp): { file: string; pem: string } {
  const file = env[name]!.trim();
  if (!existsSync(file)) throw new ConfigError(`${name}: no such file: ${file}`);
  let pem: string;
  try {
    pem = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(`${name}: cannot read ${file}: ${(err as Error).message}`);
  }
  if (!marker.test(pem)) throw new ConfigError(`${name}: ${file} is not a PEM file of the expected kind`);
  return { file, pem };
}

function tls(env: Env): TlsConfig | null {
  const hasCert = Boolean(env.RINGSIDE_TLS_CERT?.trim());
  const hasKey = Boolean(env.RINGSIDE_TLS_KEY?.trim());
  if (!hasCert && !hasKey) return null;
  if (!hasCert) throw new ConfigError('RINGSIDE_TLS_CERT: set it together with RINGSIDE_TLS_KEY (both PEM file paths), or neither');
  if (!hasKey) throw new ConfigError('RINGSIDE_TLS_KEY: set it together with RINGSIDE_TLS_CERT (both PEM file paths), or neither');
  const cert = pemFile(env, 'RINGSIDE_TLS_CERT', /-----BEGIN CERTIFICATE-----/);
  const key = pemFile(env, 'RINGSIDE_TLS_KEY', /-----BEGIN [A-Z ]*PRIVATE KEY-----/);
  try {
    createSecureContext({ cert: cert.pem, key: key.pem });
  } catch (err) {
    throw new ConfigError(`RINGSIDE_TLS_KEY: does not fit RINGSIDE_TLS_CERT or cannot be read (${(err as Error).message})`);
  }
  return Object.freeze({ cert: cert.pem, key: key.pem, certFile: cert.file, keyFile: key.file });
}
