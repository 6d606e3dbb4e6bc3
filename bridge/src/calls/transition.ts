import type { CallEventKind, CallOutcome } from '@ringside/shared';
import type { CallRecord } from '../store/store.js';
import type { CallEvent } from './call-event.js';

/**
 * The call lifecycle as a pure function: ringing -> answered -> ended, with missed as
 * "ended without answer, inbound, not forwarded". Phone systems repeat events, lose them and
 * send them out of order; every such case is decided here and nowhere else.
 */
export type Transition =
  | { kind: 'ignore'; reason: 'duplicate' | 'late' }
  | { kind: 'apply'; next: CallRecord; emit: CallEventKind; isNew: boolean };

/** Fields of a new call that the service fills in from the caller lookup. */
export interface NewCallContext {
  customerNo: string | null;
  callerName: string | null;
}

export function endOutcome(call: Pick<CallRecord, 'answeredBy' | 'direction'>, cause: string | null): CallOutcome {
  if (call.answeredBy) return 'answered';
  if (cause === 'forwarded') return 'forwarded';
  // Closed by the bridge's timeout, not by the phone system: say so rather than guess.
  if (cause === 'unknown-end') return 'unknown-end';
  return call.direction === 'in' ? 'missed' : 'not-reached';
}

export function transition(prev: CallRecord | null, ev: CallEvent, now: string, ctx: NewCallContext): Transition {
  const at = ev.at ?? now;
  if (!prev) return { kind: 'apply', next: applyTo(freshCall(ev, at, ctx), ev, at), emit: ev.kind, isNew: true };

  switch (prev.state) {
    case 'ringing':
      if (ev.kind === 'ringing') {
        // Ring groups announce each device separately (Asterisk DialBegin): widen the audience.
        // An empty list already means "everyone", so nothing can widen it.
        const agents = mergeAgents(prev.agents, ev.agents);
        if (prev.agents.length === 0 || agents.length === prev.agents.length) return { kind: 'ignore', reason: 'duplicate' };
        return { kind: 'apply', next: { ...prev, agents }, emit: 'ringing', isNew: false };
      }
      return { kind: 'apply', next: applyTo(prev, ev, at), emit: ev.kind, isNew: false };
    case 'answered':
      if (ev.kind === 'ringing') return { kind: 'ignore', reason: 'late' };
      if (ev.kind === 'answered' && (!ev.answeredBy || ev.answeredBy === prev.answeredBy)) {
        return { kind: 'ignore', reason: 'duplicate' };
      }
      return { kind: 'apply', next: applyTo(prev, ev, at), emit: ev.kind, isNew: false };
    case 'ended':
      // An answer that happened before the hangup but arrived after it corrects a false "missed".
      if (ev.kind === 'answered' && ev.answeredBy && !prev.answeredBy && ev.at && prev.endedAt && ev.at <= prev.endedAt) {
        return {
          kind: 'apply',
          next: { ...prev, answeredBy: ev.answeredBy, answeredAt: ev.at, outcome: 'answered' },
          emit: 'answered',
          isNew: false,
        };
      }
      return { kind: 'ignore', reason: ev.kind === 'ended' ? 'duplicate' : 'late' };
  }
}

function freshCall(ev: CallEvent, at: string, ctx: NewCallContext): CallRecord {
  return {
    callId: ev.callId,
    source: ev.source,
    linkedId: ev.linkedId,
    direction: ev.direction,
    state: 'ringing',
    outcome: null,
    fromRaw: ev.from,
    to: ev.to,
    agents: mergeAgents([], ev.agents),
    answeredBy: null,
    cause: null,
    startedAt: at,
    answeredAt: null,
    endedAt: null,
    customerNo: ctx.customerNo,
    callerName: ctx.callerName,
    callbackDoneAt: null,
    callbackDoneBy: null,
  };
}

function applyTo(call: CallRecord, ev: CallEvent, at: string): CallRecord {
  const linkedId = ev.linkedId ?? call.linkedId;
  switch (ev.kind) {
    case 'ringing':
      return { ...call, linkedId };
    case 'answered':
      return { ...call, linkedId, state: 'answered', answeredBy: ev.answeredBy ?? call.answeredBy, answeredAt: at };
    case 'ended': {
      // Some systems only name who answered on the hangup (Zammad answeringNumber).
      const answeredBy = call.answeredBy ?? ev.answeredBy;
      const answered = { ...call, answeredBy, answeredAt: call.answeredAt ?? (answeredBy ? at : null) };
      return { ...answered, linkedId, state: 'ended', endedAt: at, cause: ev.cause, outcome: endOutcome(answered, ev.cause) };
    }
  }
}

function mergeAgents(current: string[], added: string[] | null): string[] {
  if (!added) return current;
  const set = new Set(current);
  for (const a of added) set.add(a);
  return [...set];
}
