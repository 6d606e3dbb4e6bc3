/**
 * What the background keeps per card in `storage.session`: the call's legs as the protocol
 * reported them, the view the card shows, and the ringing lookup (later events carry none).
 * The card and side panel pages read and watch these records, so they survive a stopped
 * service worker and never need a message round trip.
 *
 * One card per conversation: transfers and forwards start new legs with new call ids but the
 * same `linkedId` (shared/src/call.ts), so a card is keyed by `linkedId ?? callId`.
 */
import type { CallEventKind, CallView, LookupResult, PendingCallback } from '@ringside/shared';

export interface CallLeg {
  view: CallView;
  eventId: number;
}

export interface CallRecord {
  /** `linkedId ?? callId` of the first leg seen: the card's identity. */
  cardId: string;
  eventId: number;
  event: CallEventKind;
  /** What the card shows: the leg that matters most (answered, else ringing, else the last). */
  call: CallView;
  legs: Record<string, CallLeg>;
  lookup: LookupResult | null;
  /** From the ringing message: this caller's missed calls nobody has returned yet. */
  pendingCallbacks: PendingCallback[];
  /** Set once the pop-up decision was made; an update never opens a second card. */
  cardHandled: boolean;
  windowId: number | null;
  notified: boolean;
  /** Local receive time of the first event, for pruning and the ringing badge. */
  receivedAt: number;
}

export const CALL_KEY_PREFIX = 'call:';
export const callKey = (cardId: string): string => `${CALL_KEY_PREFIX}${cardId}`;
export const cardIdOf = (view: Pick<CallView, 'callId' | 'linkedId'>): string => view.linkedId ?? view.callId;

/** Session keys that are not call records. */
export const SessionKey = {
  status: 'status',
  /** The one card window that is reused from call to call (lib/card-window-state.ts). */
  cardWindow: 'cardWindow',
} as const;

export function isCallRecord(value: unknown): value is CallRecord {
  const r = value as CallRecord | null;
  return r !== null && typeof r === 'object' && typeof r.cardId === 'string' && typeof r.call === 'object' && typeof r.legs === 'object';
}

export function callRecordsOf(all: Record<string, unknown>): CallRecord[] {
  return Object.entries(all)
    .filter(([key, value]) => key.startsWith(CALL_KEY_PREFIX) && isCallRecord(value))
    .map(([, value]) => value as CallRecord)
    .sort((a, b) => b.call.startedAt.localeCompare(a.call.startedAt));
}
