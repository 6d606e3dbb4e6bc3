import type { CallEventKind, CallListEntry, CallMessage, CallView, LookupResult, NumberInfo } from '@ringside/shared';
import type { AgentDirectory } from '../agents/directory.js';
import { pushTargets } from '../agents/routing.js';
import { namesAlternatives } from '../agents/identity.js';
import type { UnmappedIdentifiers } from '../agents/unmapped.js';
import type { Metrics } from '../metrics.js';
import type { Logger } from '../util/logger.js';
import { normalizeIncoming, type NumberingConfig } from '../phone/normalize.js';
import type { CallChange, CallRecord, Store } from '../store/store.js';
import { KeyedQueue } from '../util/keyed-queue.js';
import type { CallEvent, ResolvedCallEvent } from './call-event.js';
import { closeReachedCallbacks, isCallbackPending, pendingCallbacksFor } from './callbacks.js';
import { callerName, type Lookup } from './lookup-service.js';
import { transition, type NewCallContext } from './transition.js';

/** What one event does to a call; `journaled.payload` is filled in when the store writes it. */
interface Decision {
  call: CallView;
  change: CallChange | null;
  emit?: CallEventKind;
  journaled: { payload: string };
  /** The event is the answer of a call nobody had answered yet. */
  tookIt: boolean;
}

/** Where journaled events go next: the WebSocket hub. */
export interface CallPublisher {
  publish(event: { eventId: number; source: string; targets: string[] | null; payload: string }): void;
}

export interface IngestResult {
  call: CallView;
  /** null when the event changed nothing (a repeat or a late arrival), or a blocked caller. */
  eventId: number | null;
}

export interface CallServiceDeps {
  store: Store;
  lookup: Lookup;
  agents: AgentDirectory;
  numbering: NumberingConfig;
  publisher: CallPublisher;
  clock: () => Date;
  log: Logger;
  metrics?: Pick<Metrics, 'callEvent' | 'callIgnored' | 'callBlocked'>;
  /** Identifiers that named no agent, for the admin console. */
  unmapped?: UnmappedIdentifiers;
  /** Callers on the block list: journaled as `blocked`, never pushed, never a callback. */
  isBlocked?: (rawNumber: string | null) => boolean;
  /** Runs after each journaled event (click-to-dial closes callbacks here: dial/callback-link.ts). */
  onRecorded?: (call: CallRecord, event: CallMessage['event'], ev: CallEvent) => Promise<void>;
}

/**
 * Applies call events: resolve who is meant, decide the transition, journal it, then push it.
 * Events of one call are serialized (here within the process, by the store's call lock across
 * bridges) so an answer can never overtake the ringing it belongs to.
 */
export class CallService {
  private readonly queue = new KeyedQueue();

  constructor(private readonly deps: CallServiceDeps) {}

  ingest(ev: CallEvent): Promise<IngestResult> {
    const event = clampEventTime(ev, this.deps.clock());
    return this.queue.run(`${event.source}\u0000${event.callId}`, () => this.apply(event));
  }

  /** Close calls whose end event never came, so nothing rings forever. */
  async closeStale(maxAgeMs: number): Promise<number> {
    const before = new Date(this.deps.clock().getTime() - maxAgeMs).toISOString();
    const stale = await this.deps.store.calls.stale(before);
    for (const call of stale) {
      await this.ingest({
        kind: 'ended',
        source: call.source,
        callId: call.callId,
        from: call.fromRaw,
        to: call.to,
        direction: call.direction,
        agents: null,
        answeredBy: null,
        cause: 'unknown-end',
        at: null,
        linkedId: null,
      });
    }
    return stale.length;
  }

  /**
   * What an agent's card would show for a new call with this event, without journaling or
   * pushing anything: the admin console's "send test call".
   */
  async preview(ev: CallEvent): Promise<{ call: CallView; lookup: LookupResult }> {
    const lookup = await this.deps.lookup(ev.direction === 'in' ? ev.from : ev.to);
    const t = transition(null, this.resolve(ev, null, false), this.deps.clock().toISOString(), newCallContext(lookup, false));
    if (t.kind === 'ignore') throw new Error('a first event is never ignored');
    return { call: this.view(t.next, lookup.number), lookup };
  }

  view(call: CallRecord, from: NumberInfo = normalizeIncoming(call.fromRaw, this.deps.numbering)): CallView {
    const {
      fromRaw: _f,
      namedTargets: _t,
      callerKind: _k,
      callerE164: _e,
      callbackDoneAt: _a,
      callbackDoneBy: _b,
      callbackResolution: _r,
      ...rest
    } = call;
    const taker = call.answeredByAgentId ? this.deps.agents.get(call.answeredByAgentId) : undefined;
    return { ...rest, from, answeredByName: taker?.name ?? null };
  }

  listEntry(call: CallRecord): CallListEntry {
    return {
      ...this.view(call),
      callbackPending: isCallbackPending(call),
      callbackDoneAt: call.callbackDoneAt,
      callbackDoneBy: call.callbackDoneBy,
      callbackResolution: call.callbackResolution,
    };
  }

  /**
   * Whom the event rings and who took it, in agent ids: the one place where a phone system's
   * names for people are translated. Identifiers that name nobody are reported to the console.
   */
  private resolve(ev: CallEvent, prev: CallRecord | null, report = true): ResolvedCallEvent {
    const index = this.deps.agents.identity();
    const ringing = index.ringing(ev.source, ev.agents);
    const takerNames = ev.answeredBy ? [ev.answeredBy, ...(ev.answeredByAlso ?? [])] : [];
    const rang = [...(prev?.agentIds ?? []), ...ringing.agentIds];
    const taker = takerNames.length > 0 ? index.taker(ev.source, takerNames, rang) : { agentId: null, unmapped: [] };
    if (report) {
      // Only where the targets count: who else the source names on an answer changes nothing.
      if (ev.kind === 'ringing' || !prev) this.deps.unmapped?.seen(ev.source, 'ringing', ringing.unmapped, namesAlternatives(ev.source));
      this.deps.unmapped?.seen(ev.source, 'answered', taker.unmapped);
    }
    return { ...ev, agentIds: ringing.agentIds.length > 0 ? ringing.agentIds : null, answeredByAgentId: taker.agentId };
  }

  private async apply(ev: CallEvent): Promise<IngestResult> {
    const now = this.deps.clock();
    let decided: Decision | undefined;
    // The store locks the call from this read to the commit, across bridges sharing it.
    const eventId = await this.deps.store.calls.apply(ev.source, ev.callId, async (prev) => {
      decided = await this.decide(ev, prev, now);
      return decided.change;
    });
    if (!decided) throw new Error('the store applied a call event without deciding it');
    const { call, change, emit, journaled, tookIt } = decided;
    if (eventId === null || !change || !emit) {
      this.deps.metrics?.callIgnored(ev.source);
      return { call, eventId: null };
    }
    const next = change.call;
    this.deps.log.info('call event', { source: ev.source, event: emit, eventId, outcome: next.outcome ?? undefined });
    if (next.outcome === 'blocked') {
      // Journaled so the office sees it was refused; no agent is bothered with it.
      this.deps.metrics?.callBlocked(ev.source);
      return { call, eventId: null };
    }
    this.deps.metrics?.callEvent(ev.source, emit, next.outcome);
    // Only after the commit: nothing is pushed that is not stored.
    this.deps.publisher.publish({ eventId, source: next.source, targets: change.event.targets, payload: journaled.payload });
    // Nobody needs to call back a caller who just got through.
    if (tookIt && next.direction === 'in') {
      await closeReachedCallbacks(this.deps.store, next, call.answeredByName ?? next.answeredBy ?? '', now);
    }
    await this.deps.onRecorded?.(next, emit, ev).catch((err: unknown) => this.deps.log.error('after-event hook failed', { source: ev.source, error: String(err) }));
    return { call, eventId };
  }

  /** The transition for one event on the call as stored, and the journal entry it makes. */
  private async decide(ev: CallEvent, prev: CallRecord | null, now: Date): Promise<Decision> {
    // The remote party is who we want to know: the caller inbound, the callee outbound.
    const remote = ev.direction === 'in' ? ev.from : ev.to;
    // A new call stores its customer and caller name, so it is looked up before the transition.
    const first = prev ? undefined : await this.deps.lookup(remote);
    const blocked = first !== undefined && ev.direction === 'in' && (this.deps.isBlocked?.(ev.from) ?? false);
    const t = transition(prev, this.resolve(ev, prev), now.toISOString(), newCallContext(first, blocked));
    const journaled = { payload: '' };
    if (t.kind === 'ignore') {
      this.deps.log.debug('call event ignored', { source: ev.source, event: ev.kind, reason: t.reason });
      return { call: this.view(prev!), change: null, journaled, tookIt: false };
    }
    // Outbound calls store the callee as the remote party, so the card and lists show them.
    const next = t.isNew && ev.direction === 'out' ? { ...t.next, fromRaw: remote } : t.next;
    const tookIt = next.answeredBy !== null && !prev?.answeredBy;
    // The card goes with the ringing (a ring group announcing one more device included), and at
    // the answer to an agent who picked up without having rung. Repeats were ignored above,
    // without paying for a lookup.
    const unrungTaker = tookIt && prev !== null && prev.agentIds.length > 0 && next.answeredByAgentId !== null && !prev.agentIds.includes(next.answeredByAgentId);
    const lookup: LookupResult | undefined =
      first ?? (t.emit === 'ringing' || unrungTaker ? await this.deps.lookup(prev!.fromRaw) : undefined);
    const pendingCallbacks = t.emit === 'ringing' ? await pendingCallbacksFor(this.deps.store, next, now) : [];
    // The lookup already parsed the number, and formats a direct-dial number against its
    // switchboard (030 2312574-21).
    const call = this.view(next, lookup?.number);
    const message: Omit<CallMessage, 'eventId'> = {
      type: 'call',
      event: t.emit,
      call,
      ...(lookup && { lookup }),
      ...(pendingCallbacks.length > 0 && { pendingCallbacks }),
    };
    // Only the voicemail rings: journaled for everyone, a popup for nobody.
    const targets = ev.mailboxOnly && t.emit === 'ringing' ? [] : pushTargets(next);
    // Serialized once, with the eventId the store hands out: the journal row and the push carry the very same text.
    const payload = (eventId: number) => (journaled.payload = JSON.stringify({ ...message, eventId }));
    return { call, change: { call: next, event: { targets, at: now.toISOString(), payload } }, emit: t.emit, journaled, tookIt };
  }
}

function newCallContext(lookup: LookupResult | undefined, blocked: boolean): NewCallContext {
  return {
    customerNo: lookup?.matches[0]?.card.customerNo ?? null,
    callerName: lookup ? callerName(lookup) : null,
    callerKind: lookup?.number.kind ?? null,
    callerE164: lookup?.number.e164 ?? null,
    blocked,
  };
}

/** Clocks of phone systems drift a little; more than this ahead is a wrong clock or a forged time. */
export const FUTURE_TOLERANCE_MS = 60_000;

/**
 * A time from the phone system is believed up to `FUTURE_TOLERANCE_MS` ahead of ours; later
 * ones become now. A call "starting" in 2999 would sort first forever and never be purged.
 */
export function clampEventTime(ev: CallEvent, now: Date): CallEvent {
  if (!ev.at) return ev;
  const latest = now.getTime() + FUTURE_TOLERANCE_MS;
  const at = Date.parse(ev.at);
  return Number.isFinite(at) && at <= latest ? ev : { ...ev, at: now.toISOString() };
}
