import { ConfigError } from './config.js';
import { rateLimit, type RateLimit } from './http/rate-limit.js';

/**
 * What one agent, one socket or one client address may ask of the bridge, so that nobody's
 * flood delays another agent's popup. Every limit has a default that a real extension never
 * reaches (it debounces its search box and sends a ping every 20 s) and a variable to change it.
 */
export interface LimitsConfig {
  /** `RINGSIDE_AGENT_MESSAGE_RATE`: socket messages per second per agent (all its sockets together). */
  agentMessages: RateLimit;
  /** `RINGSIDE_AGENT_SEARCH_RATE`: `GET /api/me/search` requests per second per agent. */
  agentSearches: RateLimit;
  /** `RINGSIDE_AGENT_MAX_SOCKETS`: open sockets per agent; one more is closed with 4409. */
  agentMaxSockets: number;
  /** `RINGSIDE_MAX_PENDING_SOCKETS`: sockets that have not said hello yet, over all clients. */
  maxPendingSockets: number;
  /** `RINGSIDE_SOCKET_QUEUE`: messages of one socket waiting to be handled; one more closes it with 4429. */
  socketQueue: number;
  /**
   * `RINGSIDE_FAILED_AUTH_RATE`: wrong tokens, signatures and admin logins per second per client
   * address, all instances together.
   */
  failedAuth: RateLimit;
}

export const LIMIT_DEFAULTS = {
  RINGSIDE_AGENT_MESSAGE_RATE: 20,
  RINGSIDE_AGENT_SEARCH_RATE: 10,
  RINGSIDE_AGENT_MAX_SOCKETS: 10,
  RINGSIDE_MAX_PENDING_SOCKETS: 200,
  RINGSIDE_SOCKET_QUEUE: 100,
  RINGSIDE_FAILED_AUTH_RATE: 5,
} as const;

type Env = Record<string, string | undefined>;

export function limitsConfig(env: Env): LimitsConfig {
  const n = (name: keyof typeof LIMIT_DEFAULTS, min: number, max: number) => whole(env, name, LIMIT_DEFAULTS[name], min, max);
  // Rates may be fractions: `0.1` is one every 10 s (burst 1).
  const rate = (name: keyof typeof LIMIT_DEFAULTS) => decimal(env, name, LIMIT_DEFAULTS[name], 0, 100_000);
  return Object.freeze({
    agentMessages: rateLimit(rate('RINGSIDE_AGENT_MESSAGE_RATE')),
    agentSearches: rateLimit(rate('RINGSIDE_AGENT_SEARCH_RATE')),
    agentMaxSockets: n('RINGSIDE_AGENT_MAX_SOCKETS', 1, 10_000),
    maxPendingSockets: n('RINGSIDE_MAX_PENDING_SOCKETS', 1, 1_000_000),
    socketQueue: n('RINGSIDE_SOCKET_QUEUE', 1, 10_000),
    failedAuth: rateLimit(rate('RINGSIDE_FAILED_AUTH_RATE')),
  });
}

function whole(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max) throw new ConfigError(`${name}: "${raw}" must be a whole number from ${min} to ${max}`);
  return value;
}

/** A rate that may be a fraction (`0.05`: one every 20 s); two decimals at most, so it reads as written. */
function decimal(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!/^\d+(\.\d{1,2})?$/.test(raw) || value < min || value > max) {
    throw new ConfigError(`${name}: "${raw}" must be a number from ${min} to ${max}, with at most two decimals (0.1 = one every 10 s)`);
  }
  return value;
}
