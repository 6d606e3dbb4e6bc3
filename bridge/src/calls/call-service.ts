import type { CallListEntry, CallMessage, CallView, LookupResult, NumberInfo } from '@ringside/shared';
import type { AgentDirectory } from '../agents/directory.js';
import type { Metrics } from '../metrics.js';
import type { Logger } from '../util/logger.js';
import { normalizeIncoming, type NumberingConfig } from '../phone/normalize.js';
import type { CallRecord, Store } from '../store/store.js';
import { KeyedQueue } from '../util/keyed-queue.js';
import type { CallEvent } from './call-event.js';
import { callerName, type Lookup } from './lookup-service.js';
import { transition } from './transition.js';

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
 * Applies call events: decide the transition, journal it in SQLite, then push it. Events of
 * one call are serialized so an answer can never overtake the ringing it belongs to.
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
    const { store, clock } = this.deps;
    const now = clock().toISOString();
    const prev = await store.calls.get(ev.source, ev.callId);
    // The remote party is who we want to know: the caller inbound, the callee outbound.
    const remote = ev.direction === 'in' ? ev.from : ev.to;
    // A new call stores its customer and caller name, so it is looked up before the transition.
    const first = prev ? undefined : await this.deps.lookup(remote);
    const t = transition(prev, ev, now, {
      customerNo: first?.matches[0]?.card.customerNo ?? null,
      callerName: first ? callerName(first) : null,
    });
    if (t.kind === 'ignore') {
      this.deps.log.debug('call event ignored', { source: ev.source, event: ev.kind, reason: t.reason });
      this.deps.metrics?.callIgnored(ev.source);
      return { call: this.view(prev!), eventId: null };
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
    // Serialized once: the journal row and the push carry the very same text.
    let payload = '';
    const eventId = await store.calls.record(next, {
      targets,
      at: now,
      payload: (id) => (payload = JSON.stringify({ ...message, eventId: id })),
    });
    this.deps.log.info('call event', { source: ev.source, event: t.emit, eventId, outcome: next.outcome ?? undefined });
    this.deps.metrics?.callEvent(ev.source, t.emit, next.outcome);
    this.deps.publisher.publish({ eventId, source: next.source, targets, payload });
    return { call, eventId };
  }
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
