import type { CountryCode } from 'libphonenumber-js';
import { getCountries } from 'libphonenumber-js/max';
import type { LogLevel } from './util/logger.js';

export interface Config {
  host: string;
  port: number;
  dbFile: string;
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
}

export class ConfigError extends Error {}

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
  const publicUrl = (env.RINGSIDE_PUBLIC_URL?.trim() || `http://${host.includes(':') ? `[${host}]` : host}:${port}`).replace(/\/+$/, '');
  try {
    new URL(publicUrl);
  } catch {
    throw new ConfigError(`RINGSIDE_PUBLIC_URL: "${publicUrl}" is not a URL`);
  }
  return Object.freeze({
    host,
    port,
    dbFile: env.RINGSIDE_DB?.trim() || './data/ringside.sqlite',
    adminToken: secret(env, 'RINGSIDE_ADMIN_TOKEN'),
    webhookToken: secret(env, 'RINGSIDE_WEBHOOK_TOKEN'),
    country,
    trunkPrefix,
    publicUrl,
    demo: ['1', 'true', 'yes'].includes(env.RINGSIDE_DEMO?.trim().toLowerCase() ?? ''),
    logLevel,
    callTimeoutMs: integer(env, 'RINGSIDE_CALL_TIMEOUT_MIN', 120, 1, 7 * 24 * 60) * 60_000,
    heartbeatMs: integer(env, 'RINGSIDE_HEARTBEAT_S', 30, 1, 3600) * 1000,
  });
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
