import type { CallEventKind, CallListEntry, CallMessage, CallView, LookupResult, NumberInfo } from '@ringside/shared';
import type { AgentDirectory } from '../agents/directory.js';
import type { Metrics } from '../metrics.js';
import type { Logger } from '../util/logger.js';
import { normalizeIncoming, type NumberingConfig } from '../phone/normalize.js';
import type { CallChange, CallRecord, Store } from '../store/store.js';
import { KeyedQueue } from '../util/keyed-queue.js';
import type { CallEvent } from './call-event.js';
import { callerName, type Lookup } from './lookup-service.js';
import { transition } from './transition.js';

/** What one event does to a call; `journaled.payload` is filled in when the store writes it. */
interface Decision {
  call: CallView;
  change: CallChange | null;
  emit?: CallEventKind;
  journaled: { payload: string };
}

/** Where journaled events go next: the WebSocket hub. */
export interface CallPublisher {
  publish(event: { eventId: number; source: string; targets: string[] | null; payload: string }): void;
}

export interface IngestResult {
  call: CallView;
  /** null when the event changed nothing (a repeat or a late arrival). */
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
  metrics?: Pick<Metrics, 'callEvent' | 'callIgnored'>;
}

/**
 * Applies call events: decide the transition, journal it, then push it. Events of one call are
 * serialized (here within the process, by the store's call lock across bridges) so an answer
 * can never overtake the ringing it belongs to.
 */
export class CallService {
  private readonly queue = new KeyedQueue();

  constructor(private readonly deps: CallServiceDeps) {}

  ingest(ev: CallEvent): Promise<IngestResult> {
    return this.queue.run(`${ev.source}\u0000${ev.callId}`, () => this.apply(ev));
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
    const t = transition(null, ev, this.deps.clock().toISOString(), {
      customerNo: lookup.matches[0]?.card.customerNo ?? null,
      callerName: callerName(lookup),
    });
    if (t.kind === 'ignore') throw new Error('a first event is never ignored');
    return { call: this.view(t.next, lookup.number), lookup };
  }

  view(call: CallRecord, from: NumberInfo = normalizeIncoming(call.fromRaw, this.deps.numbering)): CallView {
    const { fromRaw: _f, callbackDoneAt: _a, callbackDoneBy: _b, ...rest } = call;
    return {
      ...rest,
      from,
      answeredByName: call.answeredBy ? (this.deps.agents.byIdentifier(call.source, call.answeredBy)?.name ?? null) : null,
    };
  }

  listEntry(call: CallRecord): CallListEntry {
    const pending = call.direction === 'in' && !call.answeredBy && (call.outcome === 'missed' || call.outcome === 'unknown-end');
    return {
      ...this.view(call),
      callbackPending: pending && !call.callbackDoneAt,
      callbackDoneAt: call.callbackDoneAt,
      callbackDoneBy: call.callbackDoneBy,
    };
  }

  private async apply(ev: CallEvent): Promise<IngestResult> {
    const now = this.deps.clock().toISOString();
    let decided: Decision | undefined;
    // The store locks the call from this read to the commit, across bridges sharing it.
    const eventId = await this.deps.store.calls.apply(ev.source, ev.callId, async (prev) => {
      decided = await this.decide(ev, prev, now);
      return decided.change;
    });
    if (!decided) throw new Error('the store applied a call event without deciding it');
    const { call, change, emit, journaled } = decided;
    if (eventId === null || !change || !emit) {
      this.deps.metrics?.callIgnored(ev.source);
      return { call, eventId: null };
    }
    const next = change.call;
    this.deps.log.info('call event', { source: ev.source, event: emit, eventId, outcome: next.outcome ?? undefined });
    this.deps.metrics?.callEvent(ev.source, emit, next.outcome);
    // Only after the commit: nothing is pushed that is not stored.
    this.deps.publisher.publish({ eventId, source: next.source, targets: change.event.targets, payload: journaled.payload });
    return { call, eventId };
  }

  /** The transition for one event on the call as stored, and the journal entry it makes. */
  private async decide(ev: CallEvent, prev: CallRecord | null, now: string): Promise<Decision> {
    // The remote party is who we want to know: the caller inbound, the callee outbound.
    const remote = ev.direction === 'in' ? ev.from : ev.to;
    // A new call stores its customer and caller name, so it is looked up before the transition.
    const first = prev ? undefined : await this.deps.lookup(remote);
    const t = transition(prev, ev, now, {
      customerNo: first?.matches[0]?.card.customerNo ?? null,
      callerName: first ? callerName(first) : null,
    });
    const journaled = { payload: '' };
    if (t.kind === 'ignore') {
      this.deps.log.debug('call event ignored', { source: ev.source, event: ev.kind, reason: t.reason });
      return { call: this.view(prev!), change: null, journaled };
    }
    // A ring group announcing one more device: the newly rung agent needs the card too.
    // Repeated ringing was ignored above, without paying for a lookup.
    const lookup: LookupResult | undefined = first ?? (t.emit === 'ringing' ? await this.deps.lookup(prev!.fromRaw) : undefined);
    // Outbound calls store the callee as the remote party, so the card and lists show them.
    const next = t.isNew && ev.direction === 'out' ? { ...t.next, fromRaw: remote } : t.next;
    // The lookup already parsed the number, and formats a direct-dial number against its
    // switchboard (030 2312574-21).
    const call = this.view(next, lookup?.number);
    const message: Omit<CallMessage, 'eventId'> = { type: 'call', event: t.emit, call, ...(lookup && { lookup }) };
    const targets = next.agents.length > 0 ? next.agents : null;
    // Serialized once, with the eventId the store hands out: the journal row and the push carry the very same text.
    const payload = (eventId: number) => (journaled.payload = JSON.stringify({ ...message, eventId }));
    return { call, change: { call: next, event: { targets, at: now, payload } }, emit: t.emit, journaled };
  }
}
