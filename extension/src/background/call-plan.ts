/**
 * What to do with one `call` message, decided purely from the previous record and the message:
 * exactly one card and one notification per conversation, however often an event is replayed
 * after a reconnect or a forward starts a new leg, and no pop-up for a call that rang long ago
 * (a replay after laptop sleep).
 */
import type { AgentInfo, CallMessage } from '@ringside/shared';
import { cardIdOf, type CallRecord } from '../lib/call-record.js';
import { takenByMe } from '../lib/mine.js';
import { displayLeg } from './call-legs.js';

export type CallAction = 'notify' | 'openCard' | 'clearNotification';

export interface PlanContext {
  now: number;
  serverOffsetMs: number;
  popupCard: boolean;
  notifications: boolean;
  /** This agent's id (from the welcome): an answer by them opens a card they never got ringing. */
  agentId: string | null;
}

export interface CallPlan {
  record: CallRecord;
  actions: CallAction[];
}

/** A ringing event older than this is history, not a phone that is ringing now. */
export const MAX_POP_AGE_MS = 60_000;
/** A call counts as ringing on the badge for at most this long without further events. */
export const RINGING_BADGE_MS = 3 * 60_000;

export function ringingAge(msg: CallMessage, ctx: Pick<PlanContext, 'now' | 'serverOffsetMs'>): number {
  const started = Date.parse(msg.call.startedAt);
  return Number.isNaN(started) ? 0 : ctx.now + ctx.serverOffsetMs - started;
}

function answerAge(msg: CallMessage, ctx: Pick<PlanContext, 'now' | 'serverOffsetMs'>): number {
  const answered = Date.parse(msg.call.answeredAt ?? msg.call.startedAt);
  return Number.isNaN(answered) ? 0 : ctx.now + ctx.serverOffsetMs - answered;
}

/** Returns null for a duplicate or older event: replays must not move a card backwards. */
export function planCall(prev: CallRecord | undefined, msg: CallMessage, ctx: PlanContext): CallPlan | null {
  const leg = prev?.legs[msg.call.callId];
  if (leg && msg.eventId <= leg.eventId) return null;
  const legs = { ...prev?.legs, [msg.call.callId]: { view: msg.call, eventId: msg.eventId } };
  const shown = displayLeg(legs)!;
  const record: CallRecord = {
    cardId: prev?.cardId ?? cardIdOf(msg.call),
    eventId: Math.max(prev?.eventId ?? 0, msg.eventId),
    event: msg.event,
    call: shown.view,
    legs,
    lookup: msg.lookup ?? prev?.lookup ?? null,
    // Stale once this call is answered: the bridge has closed them as "caller reached us".
    pendingCallbacks: msg.call.answeredBy !== null ? [] : (msg.pendingCallbacks ?? prev?.pendingCallbacks ?? []),
    cardHandled: prev?.cardHandled ?? false,
    windowId: prev?.windowId ?? null,
    notified: prev?.notified ?? false,
    receivedAt: prev?.receivedAt ?? ctx.now,
  };
  const actions: CallAction[] = [];
  const ringingNow =
    msg.event === 'ringing' &&
    msg.call.state === 'ringing' &&
    msg.call.direction === 'in' &&
    ringingAge(msg, ctx) <= MAX_POP_AGE_MS;
  // Picked up without having rung (sipgate `answer userId=w2`): the card comes with the answer.
  const answeredNowByMe =
    msg.event === 'answered' &&
    msg.lookup !== undefined &&
    ctx.agentId !== null &&
    msg.call.answeredByAgentId === ctx.agentId &&
    answerAge(msg, ctx) <= MAX_POP_AGE_MS;
  if (answeredNowByMe && !record.cardHandled) {
    record.cardHandled = true;
    if (ctx.popupCard) actions.push('openCard');
  }
  if (ringingNow && !record.cardHandled) {
    record.cardHandled = true;
    if (ctx.popupCard) actions.push('openCard');
  }
  if (ringingNow && !record.notified && ctx.notifications) {
    record.notified = true;
    actions.push('notify');
  }
  // Once someone picked up or the caller hung up, a "ringing" notification is wrong.
  if (record.call.state !== 'ringing' && prev?.notified && prev.call.state === 'ringing') actions.push('clearNotification');
  return { record, actions };
}

export function isRinging(record: CallRecord, now: number): boolean {
  return record.call.state === 'ringing' && record.call.direction === 'in' && now - record.receivedAt < RINGING_BADGE_MS;
}

/** Did this agent take the call (by the agent id the bridge resolved)? */
export function answeredByMe(record: Pick<CallRecord, 'call'>, me: Pick<AgentInfo, 'id'> | null): boolean {
  return takenByMe(record.call, me);
}

/** Keep session storage small: the newest calls of the last 12 hours, at most 100. */
export function callsToPrune(records: CallRecord[], now: number, keep = 100, maxAgeMs = 12 * 3_600_000): string[] {
  const sorted = [...records].sort((a, b) => b.receivedAt - a.receivedAt);
  return sorted.filter((r, i) => i >= keep || now - r.receivedAt > maxAgeMs).map((r) => r.cardId);
}

/**
 * The event cursor sent in hello. A fresh pairing (0) starts at the bridge's present instead of
 * replaying history on the next reconnect. When the bridge reports a lower high-water mark than
 * ours, its database was reset; keeping our higher number would make us drop every new event.
 */
export function cursorAfterWelcome(stored: number, serverLastEventId: number): number {
  return stored === 0 || stored > serverLastEventId ? serverLastEventId : stored;
}
