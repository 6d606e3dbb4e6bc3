import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AgentDirectory } from '../agents/directory.js';
import { openSqliteStore } from '../store/sqlite/index.js';
import type { Store } from '../store/store.js';
import { silentLogger } from '../util/logger.js';
import type { CallEvent } from './call-event.js';
import { CallService } from './call-service.js';
import { createLookup } from './lookup-service.js';

// The service with the real SQLite store (in memory): journal-before-push, ordering, timeouts.

const numbering = { country: 'DE' as const, trunkPrefix: null };

function ev(kind: CallEvent['kind'], callId: string, extra: Partial<CallEvent> = {}): CallEvent {
  return { kind, source: 'generic', callId, from: '0301234567', to: null, direction: 'in', agents: null, answeredBy: null, cause: null, at: null, linkedId: null, ...extra };
}

describe('CallService', () => {
  let store: Store;
  let now: Date;
  let pushed: { eventId: number; payload: string }[];
  let service: CallService;
  let lookups: number;

  beforeEach(async () => {
    store = openSqliteStore(':memory:');
    now = new Date('2026-11-23T10:00:00Z');
    pushed = [];
    lookups = 0;
    const lookup = createLookup(store, numbering);
    const agents = new AgentDirectory(store.agents);
    await agents.load();
    service = new CallService({
      store,
      lookup: (raw) => {
        lookups++;
        return lookup(raw);
      },
      agents,
      numbering,
      publisher: {
        publish: (e) => {
          // What is pushed must already be in the journal.
          void store.calls.eventsAfter(e.eventId - 1, '1970-01-01').then((rows) => expect(rows[0]?.eventId).toBe(e.eventId));
          pushed.push(e);
        },
      },
      clock: () => now,
      log: silentLogger,
    });
  });
  afterEach(async () => store.close());

  it('applies events of one call in arrival order even when they arrive together', async () => {
    await Promise.all([ev('ringing', 'c1'), ev('answered', 'c1', { answeredBy: '21' }), ev('ended', 'c1')].map((e) => service.ingest(e)));
    const kinds = pushed.map((p) => (JSON.parse(p.payload) as { event: string }).event);
    expect(kinds).toEqual(['ringing', 'answered', 'ended']);
    expect((await store.calls.get('generic', 'c1'))?.outcome).toBe('answered');
  });

  it('pushes nothing for a repeated event', async () => {
    await service.ingest(ev('ringing', 'c2'));
    const again = await service.ingest(ev('ringing', 'c2'));
    expect(again.eventId).toBeNull();
    expect(pushed).toHaveLength(1);
  });

  it('sends the card to a newly rung device of a ring group, and looks up nothing for repeats', async () => {
    await service.ingest(ev('ringing', 'rg', { agents: ['21'] }));
    await service.ingest(ev('ringing', 'rg', { agents: ['21'] }));
    expect(lookups).toBe(1);
    await service.ingest(ev('ringing', 'rg', { agents: ['22'] }));
    expect(lookups).toBe(2);
    const widened = JSON.parse(pushed[1]!.payload) as { event: string; lookup?: unknown; call: { agents: string[] } };
    expect(widened).toMatchObject({ event: 'ringing', call: { agents: ['21', '22'] } });
    expect(widened.lookup).toBeDefined();
    await service.ingest(ev('answered', 'rg', { answeredBy: '22' }));
    expect(lookups).toBe(2);
  });

  it('closes calls without an end event after the timeout, missed when nobody answered', async () => {
    await service.ingest(ev('ringing', 'old-ringing'));
    await service.ingest(ev('ringing', 'old-answered'));
    await service.ingest(ev('answered', 'old-answered', { answeredBy: '21' }));
    now = new Date('2026-11-23T11:30:00Z');
    await service.ingest(ev('ringing', 'recent'));
    expect(await service.closeStale(60 * 60 * 1000)).toBe(2);
    expect((await store.calls.get('generic', 'old-ringing'))).toMatchObject({ state: 'ended', outcome: 'unknown-end' });
    expect((await store.calls.get('generic', 'old-answered'))).toMatchObject({ state: 'ended', outcome: 'answered' });
    expect((await store.calls.get('generic', 'recent'))?.state).toBe('ringing');
    const pending = (await store.calls.list({ missedOnly: true, limit: 10 })).map((c) => service.listEntry(c));
    expect(pending.map((c) => [c.callId, c.callbackPending])).toEqual([['old-ringing', true]]);
  });

  it('looks up the callee, not our own number, on outbound calls', async () => {
    await store.customers.put('K-1', {
      company: 'Welter',
      notes: null,
      customerSince: null,
      phones: [{ number: '089 1234567', label: null, main: false, e164: '+49891234567' }],
      contacts: [],
    });
    const result = await service.ingest(ev('ringing', 'out-1', { direction: 'out', from: '21', to: '0891234567' }));
    expect(result.call).toMatchObject({ customerNo: 'K-1', direction: 'out' });
    expect(result.call.from.e164).toBe('+49891234567');
  });
});
