import type { CallEventKind, CallOutcome } from '@ringside/shared';
import type { CallRecord } from '../store/store.js';
import type { ResolvedCallEvent } from './call-event.js';

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
  callerKind: CallRecord['callerKind'];
  callerE164: string | null;
  /** The caller is on the block list: the call is journaled as `blocked` and goes no further. */
  blocked: boolean;
}

export function endOutcome(call: Pick<CallRecord, 'answeredBy' | 'direction' | 'outcome'>, cause: string | null): CallOutcome {
  if (call.outcome === 'blocked') return 'blocked';
  if (call.answeredBy) return 'answered';
  if (cause === 'forwarded') return 'forwarded';
  // Closed by the bridge's timeout, not by the phone system: say so rather than guess.
  if (cause === 'unknown-end') return 'unknown-end';
  return call.direction === 'in' ? 'missed' : 'not-reached';
}

export function transition(prev: CallRecord | null, ev: ResolvedCallEvent, now: string, ctx: NewCallContext): Transition {
  const at = ev.at ?? now;
  if (!prev) {
    if (ctx.blocked) return { kind: 'apply', next: blockedCall(freshCall(ev, at, ctx), at), emit: 'ended', isNew: true };
    return { kind: 'apply', next: applyTo(freshCall(ev, at, ctx), ev, at), emit: ev.kind, isNew: true };
  }
  // A blocked caller's call is over for us whatever the phone system reports next.
  if (prev.outcome === 'blocked') return { kind: 'ignore', reason: 'late' };

  switch (prev.state) {
    case 'ringing':
      if (ev.kind === 'ringing') {
        // Ring groups announce each device separately (Asterisk DialBegin): widen the audience.
        // An empty list already means "everyone", so nothing can widen it.
        const agentIds = mergeAgents(prev.agentIds, ev.agentIds);
        if (prev.agentIds.length === 0 || agentIds.length === prev.agentIds.length) return { kind: 'ignore', reason: 'duplicate' };
        const namedTargets = mergeAgents(prev.namedTargets, ev.agents);
        return { kind: 'apply', next: { ...prev, agentIds, namedTargets }, emit: 'ringing', isNew: false };
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
          next: { ...prev, answeredBy: ev.answeredBy, answeredByAgentId: ev.answeredByAgentId, answeredAt: ev.at, outcome: 'answered' },
          emit: 'answered',
          isNew: false,
        };
      }
      return { kind: 'ignore', reason: ev.kind === 'ended' ? 'duplicate' : 'late' };
  }
}

function freshCall(ev: ResolvedCallEvent, at: string, ctx: NewCallContext): CallRecord {
  return {
    callId: ev.callId,
    source: ev.source,
    linkedId: ev.linkedId,
    direction: ev.direction,
    state: 'ringing',
    outcome: null,
    fromRaw: ev.from,
    to: ev.to,
    namedTargets: mergeAgents([], ev.agents),
    agentIds: mergeAgents([], ev.agentIds),
    answeredBy: null,
    answeredByAgentId: null,
    cause: null,
    startedAt: ev.startedAt ?? at,
    answeredAt: null,
    endedAt: null,
    customerNo: ctx.customerNo,
    callerName: ctx.callerName,
    callerKind: ctx.callerKind,
    callerE164: ctx.callerE164,
    callbackDoneAt: null,
    callbackDoneBy: null,
    callbackResolution: null,
  };
}

/** Journaled so the office can see it was refused, but over at once and never a callback. */
function blockedCall(call: CallRecord, at: string): CallRecord {
  return { ...call, state: 'ended', outcome: 'blocked', endedAt: at, cause: 'blocked' };
}

function applyTo(call: CallRecord, ev: ResolvedCallEvent, at: string): CallRecord {
  const linkedId = ev.linkedId ?? call.linkedId;
  switch (ev.kind) {
    case 'ringing':
      return { ...call, linkedId };
    case 'answered':
      return {
        ...call,
        linkedId,
        state: 'answered',
        answeredBy: ev.answeredBy ?? call.answeredBy,
        answeredByAgentId: ev.answeredBy ? ev.answeredByAgentId : call.answeredByAgentId,
        answeredAt: at,
      };
    case 'ended': {
      // Some systems only name who answered on the hangup (Zammad answeringNumber).
      const takerNamedNow = !call.answeredBy && ev.answeredBy !== null;
      const answeredBy = call.answeredBy ?? ev.answeredBy;
      const answeredByAgentId = takerNamedNow ? ev.answeredByAgentId : call.answeredByAgentId;
      const answered = { ...call, answeredBy, answeredByAgentId, answeredAt: call.answeredAt ?? (answeredBy ? (ev.answeredAt ?? at) : null) };
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
