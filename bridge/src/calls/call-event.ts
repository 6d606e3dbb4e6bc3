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
   * peers, Fritz!Box extension indexes). null means the source did not say: every agent.
   */
  agents: string[] | null;
  /** Identifier of who picked up (answered events; sometimes repeated on ended). */
  answeredBy: string | null;
  /** Hangup cause in the common vocabulary: normalClearing, busy, cancel, noAnswer, congestion, notFound, forwarded. */
  cause: string | null;
  /** When it happened per the source (ISO 8601); null means "now" as seen by the bridge. */
  at: string | null;
  /** Links legs of one conversation (sipgate origCallId, Asterisk Linkedid). */
  linkedId: string | null;
}
