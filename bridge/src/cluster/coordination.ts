import type { RateLimit } from '../http/rate-limit.js';

/**
 * What bridge instances share besides the database. One instance keeps it in its own memory
 * (memory.ts, the default); several share it through Redis (redis.ts, `RINGSIDE_REDIS_URL`).
 * The same contract suite (coordination.contract.ts) runs against both.
 *
 * Nothing here is a source of truth: call events live in the journal, agents in the store.
 * The bus only says "look now" sooner than polling would; a missed message costs latency,
 * never an event (cluster/event-relay.ts catches up from the journal by event id).
 */

/** A journaled call event, as CallService hands it to the hub after the commit. */
export interface PublishedEvent {
  eventId: number;
  source: string;
  /** Agent ids; null: every agent, []: nobody. */
  targets: string[] | null;
  /** The server message as JSON text, exactly as journaled. */
  payload: string;
}

/** An agent was created, changed, re-paired or deleted on some instance. */
export interface AgentChange {
  agentId: string;
  /** The instance that made the change: it has applied it already and ignores its own echo. */
  origin: string;
}

export interface ClusterHandlers {
  call(event: PublishedEvent): void;
  agent(change: AgentChange): void;
  /**
   * The bus was away (Redis restarted, connection dropped) and may have lost messages: reread
   * what matters from the store. Also called once the bus is first up.
   */
  resync(): void;
}

/** What draw() hands out. */
export interface Draw {
  granted: number;
  retryAfter: number;
}

/**
 * The bucket keys, one scheme for every instance (Redis puts `<prefix>bucket:` before them):
 * - `source:<source id>`: a phone system's webhooks (http/rate-limit.ts)
 * - `fail:<client address>`: wrong tokens, signatures and logins from one address, whatever
 *   they were for (http/failed-attempts.ts); IPv6 by its /64 network
 * - `agent-msg:<agent id>`: socket messages of one agent, all its sockets together
 * - `agent-search:<agent id>`: `GET /api/me/search` of one agent
 * - `dial:<agent id>`: click-to-dial requests of one agent (dial/dial-service.ts)
 */
export const bucketKey = {
  source: (source: string) => `source:${source}`,
  failures: (address: string) => `fail:${address}`,
  agentMessages: (agentId: string) => `agent-msg:${agentId}`,
  agentSearches: (agentId: string) => `agent-search:${agentId}`,
  dial: (agentId: string) => `dial:${agentId}`,
} as const;

export interface Coordination {
  readonly kind: 'memory' | 'redis';
  /**
   * One token from the bucket `key` (a source, an agent, an address): 0 when the request may
   * pass, else the whole seconds until a token is there (Retry-After).
   */
  take(key: string, limit: RateLimit): Promise<number>;
  /**
   * Like take(), without taking: 0 while a token is there, else the seconds until one is. For
   * "refuse before checking" (a client address that spent its budget of failed attempts).
   */
  peek(key: string, limit: RateLimit): Promise<number>;
  /**
   * Up to `max` whole tokens at once, for an instance that hands them out locally (the socket
   * message budget, hub/message-budget.ts): how many were granted, and when none, the seconds
   * until one is there (else 0).
   */
  draw(key: string, limit: RateLimit, max: number): Promise<Draw>;
  /**
   * Standard Webhooks replay protection: true when `id` was not seen and is now remembered
   * until `untilS` (unix seconds); false when it was already received within its window.
   */
  claim(id: string, untilS: number, nowS: number): Promise<boolean>;
  /** Forget a claimed id (the delivery was not applied; the sender's retry must pass). */
  release(id: string): Promise<void>;
  publishCall(event: PublishedEvent): Promise<void>;
  publishAgent(change: AgentChange): Promise<void>;
  /** One set of handlers per instance; messages of every instance, its own included. */
  subscribe(handlers: ClusterHandlers): Promise<void>;
  /** For /readyz: false while the shared state cannot be reached. */
  healthy(): Promise<boolean>;
  close(): Promise<void>;
}

/** Redis refused or is away: the caller decides whether to fail open (limits) or closed (replay). */
export class CoordinationUnavailableError extends Error {
  constructor(what: string, cause: unknown) {
    super(`shared state (Redis) unavailable: ${what}: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'CoordinationUnavailableError';
  }
}
