import { z } from 'zod';
import type { CallEventKind, CallView } from './call.js';
import type { CustomerCard, CustomerSummary } from './customer.js';
import type { LookupResult } from './lookup.js';
import { parseWith, type Parsed } from './validate.js';

/** Bumped on incompatible changes; the welcome message carries it. */
export const PROTOCOL_VERSION = 2;

/** WebSocket close codes the bridge uses; clients decide on reconnecting from them. */
export const CloseCode = {
  /** Normal shutdown/restart: reconnect soon. */
  restarting: 1012,
  /** The token was missing, unknown or revoked: do not retry until re-paired. */
  unauthorized: 4401,
  /** No hello within the grace period, or an unparseable first message. */
  protocolError: 4400,
  /** The agent has as many sockets open as allowed (`RINGSIDE_AGENT_MAX_SOCKETS`): close another first. */
  tooManySockets: 4409,
  /**
   * The socket sent faster than its agent's message budget (`RINGSIDE_AGENT_MESSAGE_RATE`) for
   * too long, or more messages than may wait (`RINGSIDE_SOCKET_QUEUE`), or its hello came from a
   * client address that used up its failed attempts (`RINGSIDE_FAILED_AUTH_RATE`; the reason
   * says when to retry): reconnect after a pause.
   */
  rateLimited: 4429,
  /**
   * A browser extension whose origin is not on the bridge's allowlist. The reason names the
   * origin (`origin not allowed: moz-extension://…`) so the agent can tell the administrator.
   */
  originRefused: 4403,
} as const;

/** Replay horizon for `lastEventId` catch-up. */
export const REPLAY_WINDOW_MS = 10 * 60 * 1000;

const requestId = z.string().max(64).optional();

export const clientMessageSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('hello'),
    token: z.string().min(1).max(200),
    /** Highest eventId the client has seen; 0 or absent means nothing yet. */
    lastEventId: z.number().int().min(0).optional(),
    client: z.string().max(100).optional(),
  }),
  /** Application-level keepalive: protocol pings do not keep an MV3 service worker alive. */
  z.object({ type: z.literal('ping'), requestId }),
  z.object({ type: z.literal('search'), q: z.string().max(200), requestId }),
  z.object({ type: z.literal('card'), customerNo: z.string().min(1).max(64), requestId }),
]);
export type ClientMessage = z.infer<typeof clientMessageSchema>;

/** A missed call of the same caller still waiting for a callback. */
export interface PendingCallback {
  source: string;
  callId: string;
  startedAt: string;
}

export interface AgentInfo {
  id: string;
  name: string;
  /** PBX extensions that ring this agent from any phone system. */
  extensions: string[];
  /** Identifiers per phone system (`{ sipgate: ['w0'] }`). */
  identifiers?: Record<string, string[]>;
}

export type ServerMessage =
  | {
      type: 'welcome';
      protocol: number;
      agent: AgentInfo;
      serverTime: string;
      /** Highest eventId so far; clients store it to resume after a reconnect. */
      lastEventId: number;
    }
  | {
      type: 'call';
      eventId: number;
      event: CallEventKind;
      call: CallView;
      /**
       * Who is calling: present on `ringing`, and on `answered` when the agent who picked up
       * was not rung (the card opens at answer).
       */
      lookup?: LookupResult;
      /** On `ringing`: this caller's missed calls nobody has returned yet, oldest first. */
      pendingCallbacks?: PendingCallback[];
    }
  | { type: 'pong'; requestId?: string; serverTime: string }
  | { type: 'searchResult'; requestId?: string; q: string; results: CustomerSummary[] }
  | { type: 'card'; requestId?: string; customerNo: string; card: CustomerCard | null }
  | { type: 'error'; requestId?: string; code: string; message: string; field?: string };

/** A missed call of the same caller still waiting for a callback. */
export interface PendingCallback {
  source: string;
  callId: string;
  startedAt: string;
}

export type CallMessage = Extract<ServerMessage, { type: 'call' }>;

export function parseClientMessage(data: unknown): Parsed<ClientMessage> {
  return parseWith(clientMessageSchema, data);
}

/**
 * Server messages are produced by our own bridge, so the client checks only the envelope
 * it dispatches on; a newer bridge may add types an older client ignores.
 */
const serverEnvelopeSchema = z
  .object({
    type: z.enum(['welcome', 'call', 'pong', 'searchResult', 'card', 'error']),
    eventId: z.number().int().positive().optional(),
  })
  .loose()
  .refine((m) => m.type !== 'call' || m.eventId !== undefined, { message: 'call needs eventId', path: ['eventId'] });

export function parseServerMessage(data: unknown): Parsed<ServerMessage> {
  const parsed = parseWith(serverEnvelopeSchema, data);
  return parsed.ok ? { ok: true, value: parsed.value as unknown as ServerMessage } : parsed;
}

/** Decode a text frame; JSON errors become a value like any other validation failure. */
export function decodeJson(text: string): Parsed<unknown> {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, field: '(body)', message: 'not valid JSON' };
  }
}
