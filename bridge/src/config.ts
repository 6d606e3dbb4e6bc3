import { existsSync, readFileSync } from 'node:fs';
import type { CountryCode } from 'libphonenumber-js';
import { getCountries } from 'libphonenumber-js/max';
import { limitsConfig, type LimitsConfig } from './config-limits.js';
import { securityConfig, type SecurityConfig } from './config-security.js';
import { ConnectorsFileError, loadConnectorsFile, type ConnectorEntry } from './connectors/catalog.js';
import type { LogLevel } from './util/logger.js';
import { dialSettingsFromEnv } from './dial/dial-config.js';
import { createDialers } from './dial/registry.js';
import { DEFAULT_PHONE_CONTEXTS } from './streams/ami-parser.js';

export interface Config {
  host: string;
  port: number;
  dbFile: string;
  /** `RINGSIDE_DATABASE_URL`: PostgreSQL instead of the SQLite file (several bridges, one database). */
  database: { url: string; poolSize: number } | null;
  /**
   * `RINGSIDE_REDIS_URL`: shared state of several instances (cluster/redis.ts). `prefix`
   * (`RINGSIDE_REDIS_PREFIX`) separates deployments sharing one Redis.
   */
  redis: { url: string; prefix: string } | null;
  /** From the environment; when absent the bridge generates and keeps its own. */
  adminToken: string | null;
  webhookToken: string | null;
  country: CountryCode;
  trunkPrefix: string | null;
  /** Base URL phone systems reach the bridge at (sipgate callbacks, Twilio signatures). */
  publicUrl: string;
  demo: boolean;
  logLevel: LogLevel;
  /** Calls without an end event are closed as "unknown end" after this long. */
  callTimeoutMs: number;
  heartbeatMs: number;
  /** `RINGSIDE_BLOCKLIST`: numbers answered with the phone system's "reject". */
  blocklist: string[];
  /** `RINGSIDE_EXTENSION_ORIGINS`: origins allowed to open agent sockets; null = any extension. */
  extensionOrigins: string[] | null;
  /** `RINGSIDE_RETENTION_DAYS`: calls older than this are purged daily. */
  retentionDays: number;
  /** Settings the admin console may change, unless an environment variable set them. */
  fromEnv: Readonly<Record<EnvSetting, boolean>>;
  pbx: PbxConfig;
  /** Rate limits, IP allowlists, trusted proxy, generic webhook signing, TLS (config-security.ts). */
  security: SecurityConfig;
  /** Per-agent, per-socket and per-address limits (config-limits.ts). */
  limits: LimitsConfig;
  /** Click-to-dial settings per source from `RINGSIDE_DIAL_<SOURCE>_<FIELD>` (dial/dial-config.ts). */
  dial: Readonly<Record<string, Record<string, string>>>;
  /** `RINGSIDE_CONNECTORS`: the connectors file, read and checked at start; they win over the console's. */
  connectorsFile: { path: string; entries: ConnectorEntry[] } | null;
}

export type EnvSetting = 'country' | 'trunkPrefix' | 'publicUrl' | 'retentionDays' | 'blocklist' | 'extensionOrigins';
export const SETTING_VARS: Record<EnvSetting, string> = {
  country: 'RINGSIDE_COUNTRY',
  trunkPrefix: 'RINGSIDE_TRUNK_PREFIX',
  publicUrl: 'RINGSIDE_PUBLIC_URL',
  retentionDays: 'RINGSIDE_RETENTION_DAYS',
  blocklist: 'RINGSIDE_BLOCKLIST',
  extensionOrigins: 'RINGSIDE_EXTENSION_ORIGINS',
};

/** Phone systems: per-source tokens and signature secrets, and the event streams to connect to. */
export interface PbxConfig {
  /** Per-source webhook tokens (`RINGSIDE_WEBHOOK_TOKEN_SIPGATE`), overriding the shared one. */
  sourceTokens: Record<string, string>;
  sipgatePublicKey: string | null;
  placetelSecret: string | null;
  twilioAuthToken: string | null;
  /** `user:password` some systems send as HTTP Basic credentials. */
  basicAuth: string | null;
  /** `host[:port]` of a Fritz!Box call monitor. */
  fritzbox: string | null;
  /** IANA time zone of the Fritz!Box clock, when it differs from the bridge's. */
  fritzboxTimeZone: string | null;
  /** `ami://user:secret@host:5038`. */
  ami: string | null;
  /** Dialplan contexts of the office's phones, which tell outbound AMI calls from inbound ones. */
  amiPhoneContexts: string[];
  /** `RINGSIDE_SOURCES`: phone systems switched on from the environment (others: see SourceConfig). */
  enabledSources: string[];
}

/** Every source id `RINGSIDE_SOURCES` may name (the console's list of phone systems). */
export const SOURCE_IDS = ['generic', 'zammad', 'sipgate', 'placetel', 'twilio', '3cx', 'fritzbox', 'asterisk'] as const;

export class ConfigError extends Error {}

function dialEnv(env: Env): Record<string, Record<string, string>> {
  try {
    return dialSettingsFromEnv(env, createDialers({ ami: () => null }));
  } catch (err) {
    throw new ConfigError((err as Error).message);
  }
}

type Env = Record<string, string | undefined>;

/** Read and check the environment once; everything else receives the frozen result. */
export function loadConfig(env: Env): Readonly<Config> {
  const host = env.RINGSIDE_HOST?.trim() || '127.0.0.1';
  const port = integer(env, 'RINGSIDE_PORT', 7070, 0, 65535);
  const country = (env.RINGSIDE_COUNTRY?.trim().toUpperCase() || 'DE') as CountryCode;
  if (!getCountries().includes(country)) {
    throw new ConfigError(`RINGSIDE_COUNTRY: "${country}" is not an ISO 3166 country code libphonenumber knows (e.g. DE, AT, CH)`);
  }
  const trunkPrefix = env.RINGSIDE_TRUNK_PREFIX?.trim() || null;
  if (trunkPrefix !== null && !/^\d{1,4}$/.test(trunkPrefix)) {
    throw new ConfigError(`RINGSIDE_TRUNK_PREFIX: "${trunkPrefix}" must be 1 to 4 digits, such as 0`);
  }
  const logLevel = (env.RINGSIDE_LOG_LEVEL?.trim() || 'info') as LogLevel;
  if (!['debug', 'info', 'warn', 'error'].includes(logLevel)) {
    throw new ConfigError(`RINGSIDE_LOG_LEVEL: "${logLevel}" must be debug, info, warn or error`);
  }
  const security = securityConfig(env);
  const publicUrl = (env.RINGSIDE_PUBLIC_URL?.trim() || `${security.tls ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${port}`).replace(/\/+$/, '');
  try {
    new URL(publicUrl);
  } catch {
    throw new ConfigError(`RINGSIDE_PUBLIC_URL: "${publicUrl}" is not a URL`);
  }
  return Object.freeze({
    host,
    port,
    dbFile: env.RINGSIDE_DB?.trim() || './data/ringside.sqlite',
    database: databaseConfig(env),
    redis: redisConfig(env),
    adminToken: secret(env, 'RINGSIDE_ADMIN_TOKEN'),
    webhookToken: secret(env, 'RINGSIDE_WEBHOOK_TOKEN'),
    country,
    trunkPrefix,
    publicUrl,
    demo: ['1', 'true', 'yes'].includes(env.RINGSIDE_DEMO?.trim().toLowerCase() ?? ''),
    logLevel,
    callTimeoutMs: integer(env, 'RINGSIDE_CALL_TIMEOUT_MIN', 120, 1, 7 * 24 * 60) * 60_000,
    heartbeatMs: integer(env, 'RINGSIDE_HEARTBEAT_S', 30, 1, 3600) * 1000,
    blocklist: (env.RINGSIDE_BLOCKLIST ?? '').split(',').map((s) => s.trim()).filter(Boolean),
    extensionOrigins: list(env, 'RINGSIDE_EXTENSION_ORIGINS'),
    retentionDays: integer(env, 'RINGSIDE_RETENTION_DAYS', 90, 1, 3650),
    fromEnv: Object.freeze(
      Object.fromEntries(Object.entries(SETTING_VARS).map(([key, name]) => [key, Boolean(env[name]?.trim())])) as Record<EnvSetting, boolean>,
    ),
    pbx: Object.freeze(pbxConfig(env)),
    security,
    limits: limitsConfig(env),
    dial: Object.freeze(dialEnv(env)),
    connectorsFile: connectorsFile(env),
  });
}

/** A server URL from `name`, or null when unset; the protocol must be one of `protocols`. */
function serverUrl(env: Env, name: string, protocols: readonly string[], example: string): string | null {
  const url = env[name]?.trim();
  if (!url) return null;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigError(`${name}: not a URL; use ${example}`);
  }
  if (!protocols.includes(parsed.protocol)) throw new ConfigError(`${name}: "${parsed.protocol}" is not supported; use ${example}`);
  return url;
}

function databaseConfig(env: Env): Config['database'] {
  const url = serverUrl(env, 'RINGSIDE_DATABASE_URL', ['postgres:', 'postgresql:'], 'postgres://user:password@host:5432/database');
  if (!url) return null;
  return Object.freeze({ url, poolSize: integer(env, 'RINGSIDE_DATABASE_POOL', 10, 2, 200) });
}

function redisConfig(env: Env): Config['redis'] {
  const url = serverUrl(env, 'RINGSIDE_REDIS_URL', ['redis:', 'rediss:'], 'redis://[:password@]host:6379[/db], or rediss:// for TLS');
  if (!url) return null;
  // Several instances share a database; on one SQLite file there is only ever one.
  if (!env.RINGSIDE_DATABASE_URL?.trim()) {
    throw new ConfigError('RINGSIDE_REDIS_URL needs RINGSIDE_DATABASE_URL: several instances share one PostgreSQL database, never an SQLite file');
  }
  const prefix = env.RINGSIDE_REDIS_PREFIX?.trim() || 'ringside:';
  if (!/^[A-Za-z0-9:_.-]{1,64}$/.test(prefix)) throw new ConfigError('RINGSIDE_REDIS_PREFIX: 1-64 letters, digits, ":", "_", "." or "-"');
  return Object.freeze({ url, prefix });
}

function connectorsFile(env: Env): Config['connectorsFile'] {
  const path = env.RINGSIDE_CONNECTORS?.trim();
  if (!path) return null;
  try {
    return { path, entries: loadConnectorsFile(path, env) };
  } catch (err) {
    // The file's own message already starts with the variable's name.
    if (err instanceof ConnectorsFileError) throw new ConfigError(err.message);
    throw err;
  }
}

const SOURCE_TOKEN = /^RINGSIDE_WEBHOOK_TOKEN_([A-Z0-9]+)$/;

function pbxConfig(env: Env): PbxConfig {
  const sourceTokens: Record<string, string> = {};
  for (const name of Object.keys(env)) {
    const match = SOURCE_TOKEN.exec(name);
    const value = match && secret(env, name);
    if (match && value) sourceTokens[match[1]!.toLowerCase()] = value;
  }
  const basicAuth = env.RINGSIDE_PBX_BASIC_AUTH?.trim() || null;
  if (basicAuth !== null && !basicAuth.includes(':')) throw new ConfigError('RINGSIDE_PBX_BASIC_AUTH: use user:password');
  const ami = env.RINGSIDE_AMI?.trim() || null;
  if (ami !== null && !/^ami:\/\/[^:@/]+:[^@]+@[^/]+$/.test(ami)) {
    throw new ConfigError('RINGSIDE_AMI: use ami://user:secret@host:5038');
  }
  const amiPhoneContexts = (env.RINGSIDE_AMI_PHONE_CONTEXTS ?? '').split(',').map((c) => c.trim()).filter(Boolean);
  const badContext = amiPhoneContexts.find((c) => !/^[A-Za-z0-9_-]{1,80}$/.test(c));
  if (badContext !== undefined) throw new ConfigError(`RINGSIDE_AMI_PHONE_CONTEXTS: "${badContext}" is not a context name (letters, digits, - and _; several separated by commas)`);
  const fritzbox = env.RINGSIDE_FRITZBOX?.trim() || null;
  if (fritzbox !== null && !/^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9a-fA-F:]+\](:\d{1,5})?$/.test(fritzbox)) {
    throw new ConfigError(`RINGSIDE_FRITZBOX: "${fritzbox}" must be host or host:port, such as fritz.box or 192.168.178.1:1012`);
  }
  const enabledSources = (env.RINGSIDE_SOURCES ?? '').split(',').map((t) => t.trim().toLowerCase()).filter(Boolean);
  for (const id of enabledSources) {
    if (!(SOURCE_IDS as readonly string[]).includes(id)) throw new ConfigError(`RINGSIDE_SOURCES: unknown phone system "${id}"; use ${SOURCE_IDS.join(', ')}`);
  }
  return {
    sourceTokens,
    enabledSources,
    sipgatePublicKey: pemOrFile(env, 'RINGSIDE_SIPGATE_PUBLIC_KEY'),
    placetelSecret: env.RINGSIDE_PLACETEL_SECRET?.trim() || null,
    twilioAuthToken: env.RINGSIDE_TWILIO_AUTH_TOKEN?.trim() || null,
    basicAuth,
    fritzbox,
    fritzboxTimeZone: env.RINGSIDE_FRITZBOX_TZ?.trim() || null,
    ami,
    amiPhoneContexts: amiPhoneContexts.length > 0 ? amiPhoneContexts : DEFAULT_PHONE_CONTEXTS,
  };
}

/** A PEM key pasted into the variable, or the path of a file holding it. */
function pemOrFile(env: Env, name: string): string | null {
  const value = env[name]?.trim();
  if (!value) return null;
  if (value.startsWith('-----BEGIN')) return value.replace(/\\n/g, '\n');
  if (!existsSync(value)) throw new ConfigError(`${name}: neither a PEM key nor an existing file: ${value}`);
  return readFileSync(value, 'utf8');
}

function list(env: Env, name: string): string[] | null {
  const items = (env[name] ?? '').split(',').map((s) => s.trim().replace(/\/+$/, '')).filter(Boolean);
  for (const item of items) {
    if (!/^[a-z-]+:\/\/[^/\s]+$/.test(item)) throw new ConfigError(`${name}: "${item}" is not an origin such as chrome-extension://<id>`);
  }
  return items.length > 0 ? items : null;
}

/** For command-line entry points: a configuration error is a message and exit code 2, not a stack trace. */
export function loadConfigOrExit(env: Env, program: string): Readonly<Config> {
  try {
    return loadConfig(env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`${program}: configuration error: ${err.message}\n`);
    process.exit(2);
  }
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name}: "${raw}" must be a whole number from ${min} to ${max}`);
  }
  return value;
}

function secret(env: Env, name: string): string | null {
  const value = env[name]?.trim();
  if (!value) return null;
  if (value.length < 16) throw new ConfigError(`${name}: use at least 16 characters`);
  return value;
}
