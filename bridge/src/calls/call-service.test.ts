import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CallMessage } from '@ringside/shared';
import { AgentDirectory } from '../agents/directory.js';
import { UnmappedIdentifiers } from '../agents/unmapped.js';
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
  let pushed: { eventId: number; payload: string; targets: string[] | null }[];
  let service: CallService;
  let lookups: number;
  let unmapped: UnmappedIdentifiers;
  let agents: AgentDirectory;
  let blocked: Set<string>;
  const message = (i: number) => JSON.parse(pushed[i]!.payload) as CallMessage;

  beforeEach(async () => {
    store = openSqliteStore(':memory:');
    now = new Date('2026-11-23T10:00:00Z');
    pushed = [];
    lookups = 0;
    const lookup = createLookup(store, numbering);
    agents = new AgentDirectory(store.agents);
    await agents.load();
    for (const [id, ext, sipgate] of [['a21', '21', 'w0'], ['a22', '22', 'w1'], ['a23', '23', 'w2']] as const) {
      await agents.create({ id, name: `Agent ${ext}`, email: null, extensions: [ext], identifiers: { sipgate: [sipgate] }, tokenHash: `h${id}` });
    }
    unmapped = new UnmappedIdentifiers({
      repo: store.unmapped,
      clock: () => now,
      log: silentLogger,
      isMapped: (source, identifier) => agents.identity().agentsFor(source, identifier).length > 0,
    });
    blocked = new Set();
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
      unmapped,
      isBlocked: (raw) => raw !== null && blocked.has(raw),
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
    const widened = message(1);
    expect(widened).toMatchObject({ event: 'ringing', call: { agentIds: ['a21', 'a22'] } });
    expect(pushed[1]!.targets).toEqual(['a21', 'a22']);
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

  it('rings every agent when nobody the source names is mapped, and tells the console', async () => {
    await service.ingest(ev('ringing', 'u1', { source: 'sipgate', agents: ['w7'] }));
    expect(pushed[0]!.targets).toBeNull();
    expect(message(0).call.agentIds).toEqual([]);
    expect((await unmapped.list()).get('sipgate')).toMatchObject([{ identifier: 'w7', role: 'ringing', count: 1 }]);
    // Not named again for a month (the extension was removed): no longer listed.
    now = new Date(now.getTime() + 31 * 86_400_000);
    expect((await unmapped.list()).get('sipgate')).toBeUndefined();
  });

  it('lists neither name of a Fritz!Box target once one of them is mapped (the line SIP0 with its MSN)', async () => {
    await service.ingest(ev('ringing', 'f1', { source: 'fritzbox', agents: ['0211999', 'SIP0'] }));
    expect((await unmapped.list()).get('fritzbox')?.map((u) => u.identifier)).toEqual(['0211999', 'SIP0']);
    // The console assigns the MSN: both leave the list, and the next ring names neither.
    const agent = (await store.agents.get('a21'))!;
    await agents.update('a21', { identifiers: { ...agent.identifiers, fritzbox: ['0211999'] } });
    await unmapped.forget('fritzbox', '0211999');
    expect((await unmapped.list()).get('fritzbox')).toBeUndefined();
    now = new Date('2026-11-23T10:05:00Z');
    await service.ingest(ev('ringing', 'f2', { source: 'fritzbox', agents: ['0211999', 'SIP0'] }));
    expect(message(1).call.agentIds).toEqual(['a21']);
    expect((await unmapped.list()).get('fritzbox')).toBeUndefined();
    expect(await store.unmapped.list()).toEqual([]);
  });

  it('marks the taker by agent id, through the source\'s own identifier', async () => {
    await service.ingest(ev('ringing', 's1', { source: 'sipgate', agents: ['w0', 'w1'] }));
    await service.ingest(ev('answered', 's1', { source: 'sipgate', answeredBy: 'w1' }));
    expect(message(1).call).toMatchObject({ answeredBy: 'w1', answeredByAgentId: 'a22', answeredByName: 'Agent 22' });
    expect(message(1).lookup).toBeUndefined();
  });

  it('brings the card to an agent who picks up without having rung', async () => {
    await service.ingest(ev('ringing', 's2', { source: 'sipgate', agents: ['w0'] }));
    await service.ingest(ev('answered', 's2', { source: 'sipgate', answeredBy: 'w2' }));
    expect(pushed[1]!.targets).toEqual(['a21', 'a23']);
    expect(message(1)).toMatchObject({ event: 'answered', call: { answeredByAgentId: 'a23' } });
    expect(message(1).lookup).toBeDefined();
    expect((await store.calls.list({ limit: 10, agentId: 'a23' })).map((c) => c.callId)).toEqual(['s2']);
  });

  it('journals a blocked caller without pushing it, never as a callback', async () => {
    blocked.add('0301234567');
    const result = await service.ingest(ev('ringing', 'b1'));
    await service.ingest(ev('ended', 'b1'));
    expect(result.eventId).toBeNull();
    expect(pushed).toEqual([]);
    expect(await store.calls.get('generic', 'b1')).toMatchObject({ outcome: 'blocked', state: 'ended' });
    expect(await store.calls.list({ missedOnly: true, limit: 10 })).toEqual([]);
    expect(await store.calls.eventsAfter(0, '1970-01-01')).toMatchObject([{ targets: [] }]);
  });

  it('tells the card about the caller\'s open callbacks, and closes them when the caller gets through', async () => {
    await service.ingest(ev('ringing', 'm1'));
    await service.ingest(ev('ended', 'm1'));
    now = new Date('2026-11-23T11:00:00Z');
    await service.ingest(ev('ringing', 'm2', { agents: ['21'] }));
    expect(message(2).pendingCallbacks).toEqual([{ source: 'generic', callId: 'm1', startedAt: '2026-11-23T10:00:00.000Z' }]);
    await service.ingest(ev('answered', 'm2', { answeredBy: '21' }));
    expect(await store.calls.get('generic', 'm1')).toMatchObject({ callbackResolution: 'caller-reached-us', callbackDoneBy: 'Agent 21' });
    await service.ingest(ev('ringing', 'm3'));
    expect(message(4).pendingCallbacks).toBeUndefined();
  });

  it('never makes a withheld or internal caller a callback', async () => {
    for (const [id, from] of [['w', 'anonymous'], ['i', '22']] as const) {
      await service.ingest(ev('ringing', id, { from }));
      await service.ingest(ev('ended', id));
      expect(service.listEntry((await store.calls.get('generic', id))!)).toMatchObject({ outcome: 'missed', callbackPending: false });
    }
    expect(await store.calls.list({ missedOnly: true, limit: 10 })).toEqual([]);
  });
});
