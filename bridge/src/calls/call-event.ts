import type { CallDirection, CallEventKind } from '@ringside/shared';

/**
 * The one call vocabulary every phone-system adapter maps into (ringing -> answered -> ended),
 * after the model of Zammad's generic CTI. Adapters produce these; the call service consumes them.
 */
export interface CallEvent {
  kind: CallEventKind;
  /** Adapter id (`generic`, `sipgate`, `fritzbox`, ...); call ids are unique per source. */
  source: string;
  callId: string;
  /** Raw caller number as sent; null when absent (withheld). */
  from: string | null;
  /** Raw called number as sent. */
  to: string | null;
  direction: CallDirection;
  /**
   * Source-specific identifiers of whose phones ring (extensions, sipgate user ids, Placetel
   * peers, the Fritz!Box MSN and line that were called). null means the source did not say:
   * every agent.
   */
  agents: string[] | null;
  /** Identifier of who picked up (answered events; sometimes repeated on ended), as displayed. */
  answeredBy: string | null;
  /**
   * Further names the source gives the same person (Zammad: `answeringNumber`, a phone, login or
   * id, next to the `user` name), tried in order when `answeredBy` names no agent.
   */
  answeredByAlso?: string[];
  /** Hangup cause in the common vocabulary: normalClearing, busy, cancel, noAnswer, congestion, notFound, forwarded. */
  cause: string | null;
  /** When it happened per the source (ISO 8601); null means "now" as seen by the bridge. */
  at: string | null;
  /** Links legs of one conversation (sipgate origCallId, Asterisk Linkedid). */
  linkedId: string | null;
  /**
   * A call reported after it is over (3CX's post-call journal) comes as one `ended` event
   * with its real start and answer times, so nobody gets a ringing card for it.
   */
  startedAt?: string;
  answeredAt?: string;
  /**
   * Only the phone system's voicemail rings (sipgate `user[]=voicemail`): nobody gets a popup,
   * but the call is journaled for everyone and, unanswered, is a missed call like any other.
   */
  mailboxOnly?: boolean;
}

/**
 * A call event after identity resolution at the edge (agents/identity.ts): whom it rings and who
 * took it, in Ringside agent ids. `agentIds` null: the source named nobody, or nobody it named is
 * an agent, so every agent sees it.
 */
export interface ResolvedCallEvent extends CallEvent {
  agentIds: string[] | null;
  answeredByAgentId: string | null;
}
