import { describe, expect, it } from 'vitest';
import { answeredByMe, callsToPrune, cursorAfterWelcome, MAX_POP_AGE_MS, planCall, type PlanContext } from './call-plan.js';
import { callMessage } from '../testing/fixtures.js';

const started = Date.parse('2025-06-02T08:00:00.000Z');
const ctx: PlanContext = { now: started + 500, serverOffsetMs: 0, popupCard: true, notifications: true, agentId: 'a1' };

describe('planCall', () => {
  it('pops one card and one notification for a fresh ringing call', () => {
    const plan = planCall(undefined, callMessage(), ctx);
    expect(plan?.actions).toEqual(['openCard', 'notify']);
    expect(plan?.record).toMatchObject({ cardHandled: true, notified: true, eventId: 1 });
  });

  it('never opens a second card for the same call, even for a new ringing event', () => {
    const first = planCall(undefined, callMessage(), ctx)!;
    const again = planCall(first.record, callMessage({ eventId: 2 }), ctx)!;
    expect(again.actions).toEqual([]);
  });

  it('drops duplicate and older events (replay after reconnect)', () => {
    const first = planCall(undefined, callMessage({ eventId: 5 }), ctx)!;
    expect(planCall(first.record, callMessage({ eventId: 5 }), ctx)).toBeNull();
    expect(planCall(first.record, callMessage({ eventId: 4 }), ctx)).toBeNull();
  });

  it('keeps the ringing lookup when later events carry none', () => {
    const first = planCall(undefined, callMessage(), ctx)!;
    const { lookup: _omit, ...answered } = callMessage({ eventId: 2, event: 'answered' }, { state: 'answered', answeredBy: '22', answeredByName: 'Ben' });
    const next = planCall(first.record, answered, ctx)!;
    expect(next.record.lookup?.matches[0]?.card.customerNo).toBe('10023');
    expect(next.record.call.answeredByName).toBe('Ben');
    expect(next.actions).toEqual(['clearNotification']);
  });

  it('does not pop a call that rang more than a minute ago (server clock)', () => {
    const late = { ...ctx, now: started + MAX_POP_AGE_MS + 1 };
    expect(planCall(undefined, callMessage(), late)?.actions).toEqual([]);
    // The same age by the local clock is fine when the server clock runs a minute behind.
    expect(planCall(undefined, callMessage(), { ...late, serverOffsetMs: -60_000 })?.actions).toEqual(['openCard', 'notify']);
  });

  it('does not pop outgoing calls or calls already answered when first seen', () => {
    expect(planCall(undefined, callMessage({}, { direction: 'out' }), ctx)?.actions).toEqual([]);
    expect(planCall(undefined, callMessage({ event: 'answered' }, { state: 'answered' }), ctx)?.actions).toEqual([]);
  });

  it('honours the preferences', () => {
    expect(planCall(undefined, callMessage(), { ...ctx, popupCard: false })?.actions).toEqual(['notify']);
    expect(planCall(undefined, callMessage(), { ...ctx, notifications: false })?.actions).toEqual(['openCard']);
  });

  it('knows who took the call', () => {
    const me = { id: 'a1', name: 'Ben', extensions: ['22'] };
    // By agent id only: a sipgate `w0`, Placetel peer or Zammad name is still Ben when the bridge says so.
    expect(answeredByMe({ call: callMessage({}, { answeredBy: 'w0', answeredByAgentId: 'a1' }).call }, me)).toBe(true);
    expect(answeredByMe({ call: callMessage({}, { answeredBy: '22', answeredByAgentId: 'a2' }).call }, me)).toBe(false);
    expect(answeredByMe({ call: callMessage({}, { answeredBy: '22', answeredByAgentId: null }).call }, me)).toBe(false);
    expect(answeredByMe({ call: callMessage().call }, me)).toBe(false);
  });

  it('opens the card at the answer for an agent who picks up without having rung', () => {
    const answered = (agentId: string) =>
      callMessage({ event: 'answered' }, { state: 'answered', answeredBy: 'w2', answeredByAgentId: agentId, answeredAt: '2025-06-02T08:00:00.300Z' });
    expect(planCall(undefined, answered('a1'), ctx)?.actions).toEqual(['openCard']);
    expect(planCall(undefined, answered('a2'), ctx)?.actions).toEqual([]);
    const { lookup: _none, ...withoutCard } = answered('a1');
    expect(planCall(undefined, withoutCard, ctx)?.actions).toEqual([]);
    // Already on screen from the ringing: no second window.
    const rang = planCall(undefined, callMessage(), ctx)!.record;
    expect(planCall(rang, { ...answered('a1'), eventId: 2 }, ctx)?.actions).toEqual(['clearNotification']);
  });

  it('keeps the caller\'s open callbacks from the ringing until someone answers', () => {
    const pending = [{ source: 'generic', callId: 'old', startedAt: '2025-06-01T12:02:00.000Z' }];
    const rang = planCall(undefined, callMessage({ pendingCallbacks: pending }), ctx)!.record;
    expect(rang.pendingCallbacks).toEqual(pending);
    const { lookup: _l, ...answered } = callMessage({ eventId: 2, event: 'answered' }, { state: 'answered', answeredBy: '22', answeredByAgentId: 'a2' });
    expect(planCall(rang, answered, ctx)!.record.pendingCallbacks).toEqual([]);
  });

  it('opens no window for a call that arrives already over (3CX post-call journal)', () => {
    expect(planCall(undefined, callMessage({ event: 'ended' }, { state: 'ended', outcome: 'missed' }), ctx)?.actions).toEqual([]);
  });
});

describe('call legs (forwards, transfers, ring groups)', () => {
  const leg = (callId: string, eventId: number, event: 'ringing' | 'answered' | 'ended', view: Parameters<typeof callMessage>[1] = {}) =>
    callMessage({ eventId, event }, { callId, linkedId: 'root', ...view });

  it('keeps one card for all legs of a conversation', () => {
    const a = planCall(undefined, leg('a', 1, 'ringing'), ctx)!;
    expect(a.record.cardId).toBe('root');
    const b = planCall(a.record, leg('b', 2, 'ringing'), ctx)!;
    expect(b.actions).toEqual([]);
    expect(Object.keys(b.record.legs)).toEqual(['a', 'b']);
  });

  it('shows the answered leg even when another leg ends later', () => {
    let r = planCall(undefined, leg('a', 1, 'ringing'), ctx)!.record;
    r = planCall(r, leg('b', 2, 'ringing'), ctx)!.record;
    r = planCall(r, leg('b', 3, 'answered', { state: 'answered', answeredBy: '22', answeredByName: 'Ben' }), ctx)!.record;
    r = planCall(r, leg('a', 4, 'ended', { state: 'ended', outcome: 'forwarded' }), ctx)!.record;
    expect(r.call).toMatchObject({ callId: 'b', state: 'answered', answeredByName: 'Ben' });
    r = planCall(r, leg('b', 5, 'ended', { state: 'ended', outcome: 'answered', answeredBy: '22', answeredByName: 'Ben' }), ctx)!.record;
    expect(r.call).toMatchObject({ callId: 'b', state: 'ended', outcome: 'answered' });
  });

  it('a call without linkedId is its own card', () => {
    expect(planCall(undefined, callMessage({}, { callId: 'solo' }), ctx)!.record.cardId).toBe('solo');
  });
});

describe('cursor and pruning', () => {
  it('keeps its cursor, starts fresh pairings at the present, adopts a reset bridge', () => {
    expect(cursorAfterWelcome(120, 500)).toBe(120);
    expect(cursorAfterWelcome(0, 500)).toBe(500);
    expect(cursorAfterWelcome(120, 3)).toBe(3);
  });

  it('prunes old and surplus records', () => {
    const now = 100 * 3_600_000;
    const rec = (id: string, agoH: number) => ({ ...planCall(undefined, callMessage({}, { callId: id }), ctx)!.record, receivedAt: now - agoH * 3_600_000 });
    expect(callsToPrune([rec('a', 1), rec('b', 13), rec('c', 2)], now)).toEqual(['b']);
    expect(callsToPrune([rec('a', 1), rec('b', 2), rec('c', 3)], now, 2)).toEqual(['c']);
  });
});
