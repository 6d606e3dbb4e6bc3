import type { CallbackResolution, PendingCallback } from '@ringside/shared';
import type { CallRecord, Store } from '../store/store.js';

/** How far back the callback list looks; older misses are for the call journal, not a to-do list. */
export const CALLBACK_HORIZON_DAYS = 14;
/** A card lists at most this many earlier misses of its caller. */
const PENDING_ON_CARD = 10;
/** Closing a caller's open callbacks when they get through: more than this is not one caller. */
const CLOSE_AT_MOST = 100;

export function callbackHorizon(now: Date): string {
  return new Date(now.getTime() - CALLBACK_HORIZON_DAYS * 86_400_000).toISOString();
}

/**
 * Whether a call waits for someone to call back: inbound, nobody took it, not closed yet, and
 * from a number one can dial (withheld and internal callers cannot be called back; calls
 * journaled before the caller's kind was recorded count as numbers). The store's `missedOnly`
 * filter is the same rule in SQL, plus "no other leg of the conversation was answered".
 */
export function isCallbackPending(call: CallRecord): boolean {
  return (
    call.direction === 'in' &&
    !call.answeredBy &&
    (call.outcome === 'missed' || call.outcome === 'unknown-end') &&
    (call.callerKind ?? 'number') === 'number' &&
    !call.callbackDoneAt
  );
}

/** This caller's missed calls nobody has returned yet, for the ringing card. */
export async function pendingCallbacksFor(store: Store, call: CallRecord, now: Date): Promise<PendingCallback[]> {
  if (call.direction !== 'in' || !call.callerE164) return [];
  const pending = await store.calls.pendingCallbacks(call.callerE164, callbackHorizon(now), PENDING_ON_CARD + 1);
  return pending
    .filter((p) => !(p.source === call.source && p.callId === call.callId))
    .slice(0, PENDING_ON_CARD)
    .map((p) => ({ source: p.source, callId: p.callId, startedAt: p.startedAt }));
}

/** The caller got through: nobody needs to call them back for their earlier misses. */
export async function closeReachedCallbacks(store: Store, call: CallRecord, by: string, now: Date): Promise<number> {
  if (call.direction !== 'in' || !call.callerE164) return 0;
  return closeCallbacksOf(store, call.callerE164, [], by, now, 'caller-reached-us');
}

/**
 * Closes every callback still waiting for `callerE164`, plus `also` (a dial's own callback),
 * in one write. Shared by "the caller got through" and "an agent's dial was answered".
 */
export async function closeCallbacksOf(
  store: Store,
  callerE164: string,
  also: readonly { source?: string; callId: string }[],
  by: string,
  now: Date,
  resolution: CallbackResolution,
): Promise<number> {
  const pending = await store.calls.pendingCallbacks(callerE164, callbackHorizon(now), CLOSE_AT_MOST);
  const ids = [...pending.map((p) => ({ source: p.source, callId: p.callId })), ...also];
  if (ids.length === 0) return 0;
  return store.calls.markCallbacks(ids, true, by, now.toISOString(), resolution);
}
