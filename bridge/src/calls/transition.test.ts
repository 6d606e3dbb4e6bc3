import { describe, expect, it } from 'vitest';
import type { CallRecord } from '../store/store.js';
import type { CallEvent, ResolvedCallEvent } from './call-event.js';
import { transition, type Transition } from './transition.js';

const NOW = '2026-11-23T10:00:00.000Z';
const ctx = { customerNo: '10023', callerName: 'Herr Jürgen Weiß', callerKind: 'number' as const, callerE164: '+4930231257421', blocked: false };

/** In these tests agent `a21` is the one behind extension 21: resolution itself is tested in agents/identity.test.ts. */
const agentId = (identifier: string) => `a${identifier}`;

function ev(kind: ResolvedCallEvent['kind'], extra: Partial<ResolvedCallEvent> = {}): ResolvedCallEvent {
  const base: CallEvent = {
    kind,
    source: 'generic',
    callId: 'c1',
    from: '+4930231257421',
    to: '+49302312574',
    direction: 'in',
    agents: null,
    answeredBy: null,
    cause: null,
    at: null,
    linkedId: null,
    ...extra,
  };
  return {
    ...base,
    agentIds: base.agents?.map(agentId) ?? null,
    answeredByAgentId: base.answeredBy ? agentId(base.answeredBy) : null,
    ...extra,
  };
}

/** Feed events through the machine, returning the final record and every transition. */
function run(...events: ResolvedCallEvent[]): { call: CallRecord | null; steps: Transition[] } {
  let call: CallRecord | null = null;
  const steps: Transition[] = [];
  for (const e of events) {
    const t = transition(call, e, NOW, ctx);
    steps.push(t);
    if (t.kind === 'apply') call = t.next;
  }
  return { call, steps };
}

const emitted = (steps: Transition[]) => steps.map((s) => (s.kind === 'apply' ? s.emit : `ignore:${s.reason}`));

describe('call state machine', () => {
  it('runs ringing -> answered -> ended as an answered call', () => {
    const { call, steps } = run(ev('ringing', { agents: ['21'] }), ev('answered', { answeredBy: '21' }), ev('ended', { cause: 'normalClearing' }));
    expect(emitted(steps)).toEqual(['ringing', 'answered', 'ended']);
    expect(call).toMatchObject({ state: 'ended', outcome: 'answered', answeredBy: '21', agentIds: ['a21'], answeredByAgentId: 'a21', customerNo: '10023' });
  });

  it.each([
    ['cancel', 'missed'],
    ['noAnswer', 'missed'],
    ['busy', 'missed'],
    [null, 'missed'],
    ['forwarded', 'forwarded'],
  ])('inbound ended without answer, cause %s -> %s', (cause, outcome) => {
    const { call } = run(ev('ringing'), ev('ended', { cause }));
    expect(call?.outcome).toBe(outcome);
  });

  it('outbound without answer is not-reached, never missed', () => {
    const { call } = run(ev('ringing', { direction: 'out' }), ev('ended', { direction: 'out', cause: 'noAnswer' }));
    expect(call?.outcome).toBe('not-reached');
  });

  it('ignores repeated events', () => {
    const { steps } = run(ev('ringing'), ev('ringing'), ev('answered', { answeredBy: '21' }), ev('answered', { answeredBy: '21' }), ev('ended'), ev('ended'));
    expect(emitted(steps)).toEqual(['ringing', 'ignore:duplicate', 'answered', 'ignore:duplicate', 'ended', 'ignore:duplicate']);
  });

  it('ignores a ringing that arrives after the answer or the end', () => {
    expect(emitted(run(ev('answered', { answeredBy: '21' }), ev('ringing')).steps)).toEqual(['answered', 'ignore:late']);
    expect(emitted(run(ev('ended'), ev('ringing')).steps)).toEqual(['ended', 'ignore:late']);
  });

  it('creates the call from an answer whose ringing was lost', () => {
    const { call, steps } = run(ev('answered', { answeredBy: '22' }));
    expect(steps[0]).toMatchObject({ kind: 'apply', emit: 'answered', isNew: true });
    expect(call).toMatchObject({ state: 'answered', answeredBy: '22', customerNo: '10023' });
  });

  it('journals a hangup-only call as missed, so it reaches the callback list', () => {
    const { call, steps } = run(ev('ended', { cause: 'cancel' }));
    expect(steps[0]).toMatchObject({ kind: 'apply', emit: 'ended', isNew: true });
    expect(call?.outcome).toBe('missed');
  });

  it('takes who answered from the hangup when the answer event never came', () => {
    const { call } = run(ev('ringing'), ev('ended', { answeredBy: '23', cause: 'normalClearing' }));
    expect(call).toMatchObject({ outcome: 'answered', answeredBy: '23' });
  });

  it('widens the audience when a ring group announces another device', () => {
    const { call, steps } = run(ev('ringing', { agents: ['21'] }), ev('ringing', { agents: ['22'] }), ev('ringing', { agents: ['21'] }));
    expect(emitted(steps)).toEqual(['ringing', 'ringing', 'ignore:duplicate']);
    expect(call?.agentIds).toEqual(['a21', 'a22']);
    expect(call?.namedTargets).toEqual(['21', '22']);
  });

  it('keeps "everyone" when a later ringing names extensions', () => {
    const { call, steps } = run(ev('ringing'), ev('ringing', { agents: ['21'] }));
    expect(emitted(steps)).toEqual(['ringing', 'ignore:duplicate']);
    expect(call?.agentIds).toEqual([]);
  });

  it('records a transfer to another extension as a new answer', () => {
    const { call, steps } = run(ev('ringing'), ev('answered', { answeredBy: '21' }), ev('answered', { answeredBy: '22' }));
    expect(emitted(steps)).toEqual(['ringing', 'answered', 'answered']);
    expect(call).toMatchObject({ answeredBy: '22', answeredByAgentId: 'a22' });
  });

  it('journals a blocked caller as over at once, and nothing the phone system says later changes it', () => {
    const blocked = { ...ctx, blocked: true };
    const first = transition(null, ev('ringing', { agents: ['21'] }), NOW, blocked);
    expect(first).toMatchObject({ kind: 'apply', emit: 'ended', next: { state: 'ended', outcome: 'blocked', cause: 'blocked' } });
    const next = first.kind === 'apply' ? first.next : null;
    expect(transition(next, ev('answered', { answeredBy: '21', at: '2026-11-23T09:00:00.000Z' }), NOW, ctx)).toEqual({ kind: 'ignore', reason: 'late' });
    expect(transition(next, ev('ended'), NOW, ctx)).toEqual({ kind: 'ignore', reason: 'late' });
  });

  it('takes a finished call reported afterwards with its real start and answer times', () => {
    const { call, steps } = run(
      ev('ended', { answeredBy: '21', at: '2026-11-23T09:02:00.000Z', startedAt: '2026-11-23T09:00:00.000Z', answeredAt: '2026-11-23T09:00:20.000Z' }),
    );
    expect(emitted(steps)).toEqual(['ended']);
    expect(call).toMatchObject({
      outcome: 'answered',
      answeredByAgentId: 'a21',
      startedAt: '2026-11-23T09:00:00.000Z',
      answeredAt: '2026-11-23T09:00:20.000Z',
      endedAt: '2026-11-23T09:02:00.000Z',
    });
  });

  it('corrects a false "missed" when the answer arrives after the hangup but happened before it', () => {
    const { call, steps } = run(
      ev('ringing', { at: '2026-11-23T09:59:00.000Z' }),
      ev('ended', { at: '2026-11-23T09:59:40.000Z' }),
      ev('answered', { answeredBy: '21', at: '2026-11-23T09:59:05.000Z' }),
    );
    expect(emitted(steps)).toEqual(['ringing', 'ended', 'answered']);
    expect(call).toMatchObject({ state: 'ended', outcome: 'answered', answeredBy: '21' });
  });

  it('closes a call that never got an end event as unknown-end', () => {
    expect(run(ev('ringing'), ev('ended', { cause: 'unknown-end' })).call?.outcome).toBe('unknown-end');
    expect(run(ev('ringing'), ev('answered', { answeredBy: '21' }), ev('ended', { cause: 'unknown-end' })).call?.outcome).toBe('answered');
  });

  it('uses the source time when given, the bridge time otherwise', () => {
    expect(run(ev('ringing', { at: '2026-11-23T09:00:00.000Z' })).call?.startedAt).toBe('2026-11-23T09:00:00.000Z');
    expect(run(ev('ringing')).call?.startedAt).toBe(NOW);
  });

  it('keeps the link between legs', () => {
    const { call } = run(ev('ringing', { linkedId: 'orig-1' }), ev('answered', { answeredBy: '21' }));
    expect(call?.linkedId).toBe('orig-1');
  });
});
