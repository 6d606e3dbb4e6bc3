import { z } from 'zod';
import { isoDateTime } from './customer.js';
import type { NumberInfo } from './lookup.js';

export const CALL_EVENTS = ['ringing', 'answered', 'ended'] as const;
export type CallEventKind = (typeof CALL_EVENTS)[number];
export type CallDirection = 'in' | 'out';

const identifier = z.string().trim().min(1).max(100);

/** Body of `POST /pbx/generic`: the bridge's own, documented call vocabulary. */
export const genericWebhookSchema = z.object({
  event: z.enum(CALL_EVENTS),
  callId: z.string().trim().min(1).max(200),
  from: z.string().max(100).nullish(),
  to: z.string().max(100).nullish(),
  direction: z.enum(['in', 'out']).optional().default('in'),
  /** Extensions (or identifiers.generic) whose phones ring; absent, or naming no agent, means "everyone". */
  agents: z.array(identifier).max(500).optional(),
  answeredBy: identifier.optional(),
  cause: z.string().trim().max(100).optional(),
  at: isoDateTime.optional(),
  /** Links call legs (transfers, forwards) that belong to one conversation. */
  linkedId: z.string().trim().min(1).max(200).optional(),
});
export type GenericWebhook = z.infer<typeof genericWebhookSchema>;

export type CallState = 'ringing' | 'answered' | 'ended';
/**
 * How a call ended. `missed`: inbound, never answered, not forwarded (goes on the callback
 * list). `not-reached`: outbound, never answered. `unknown-end`: no end event ever came.
 * `blocked`: the caller is on the block list: journaled, never pushed, never a callback.
 */
export type CallOutcome = 'answered' | 'missed' | 'forwarded' | 'not-reached' | 'unknown-end' | 'blocked';

export interface CallView {
  callId: string;
  /**
   * Root of the conversation this leg belongs to (transfers and forwards start new legs with
   * new call ids). Clients keep one card per `linkedId ?? callId`, so the card follows the call.
   */
  linkedId: string | null;
  source: string;
  direction: CallDirection;
  state: CallState;
  outcome: CallOutcome | null;
  from: NumberInfo;
  to: string | null;
  /**
   * Ringside agent ids this call rings, resolved by the bridge from whatever the phone system
   * named (extensions, sipgate user ids, Zammad names...). Empty means every agent: the source
   * named nobody, or nobody it named is mapped to an agent.
   */
  agentIds: string[];
  /** Who picked up, as the phone system named them (for display when nobody is mapped). */
  answeredBy: string | null;
  /** The Ringside agent who took the call; clients decide "mine" by this id only. */
  answeredByAgentId: string | null;
  /** Name of the agent who took it, when the identifier belongs to a known agent. */
  answeredByName: string | null;
  cause: string | null;
  startedAt: string;
  answeredAt: string | null;
  endedAt: string | null;
  /** Customer number of the best match, for lists and callbacks. */
  customerNo: string | null;
  /** Who called, as a list shows it: "Herr Jonas Welter (Welter Dach GmbH)". */
  callerName: string | null;
}
