import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../util/logger.js';
import { callRecord } from '../store/call-record.testing.js';
import { openSqliteStore } from '../store/sqlite/index.js';
import type { Store } from '../store/store.js';
import type { PublishedEvent } from './coordination.js';
import { EventRelay } from './event-relay.js';
import { MemoryCoordination } from './memory.js';

/** A real journal (SQLite in memory); the bus is the in-process one, so only the relay's order is under test. */
let store: Store;
afterEach(() => store?.close());

async function journal(count: number, targets: string[] | null = null): Promise<PublishedEvent[]> {
  const out: PublishedEvent[] = [];
  for (let i = 0; i < count; i++) {
    const at = new Date().toISOString();
    let payload = '';
    const eventId = await store.calls.record(callRecord(out.length + Math.random()), { targets, at, payload: (id) => (payload = `{"eventId":${id}}`) });
    out.push({ eventId, source: 'generic', targets, payload });
  }
  return out;
}

async function relay(): Promise<{ relay: EventRelay; delivered: number[] }> {
  const delivered: number[] = [];
  const r = new EventRelay({
    coordination: new MemoryCoordination(),
    journal: store.calls,
    deliver: (e) => delivered.push(e.eventId),
    clock: () => new Date(),
    windowMs: 60 * 60 * 1000,
    log: silentLogger,
    pollMs: 0,
  });
  await r.start();
  return { relay: r, delivered };
}

describe('event relay', () => {
  it('delivers in event-id order, once, whatever order and how often the bus brings events', async () => {
    store = openSqliteStore(':memory:');
    const { relay: r, delivered } = await relay();
    const events = await journal(6);
    // 3 arrives first: 1 and 2 come from the journal; then everything again, shuffled, twice.
    r.receive(events[2]!);
    await r.catchUp();
    for (const e of [...events].reverse()) r.receive(e);
    for (const e of events) r.receive(e);
    await r.catchUp();
    expect(delivered).toEqual(events.map((e) => e.eventId));
  });

  it('a message the bus lost is read from the journal at the next event, or at a resync when none follows', async () => {
    store = openSqliteStore(':memory:');
    const { relay: r, delivered } = await relay();
    const [first, lost, third] = await journal(3);
    r.receive(first!);
    r.receive(third!);
    await r.catchUp();
    expect(delivered).toEqual([first!.eventId, lost!.eventId, third!.eventId]);
    const [quietlyLost] = await journal(1);
    await r.catchUp();
    expect(delivered.at(-1)).toBe(quietlyLost!.eventId);
    expect(r.delivered).toBe(quietlyLost!.eventId);
  });

  it('starts after the journal as it stands: history is for replay, not for live delivery', async () => {
    store = openSqliteStore(':memory:');
    const before = await journal(2);
    const { relay: r, delivered } = await relay();
    const [next] = await journal(1);
    for (const e of before) r.receive(e);
    r.receive(next!);
    expect(delivered).toEqual([next!.eventId]);
  });

  it('own events go out to the other instances too', async () => {
    store = openSqliteStore(':memory:');
    const bus = new MemoryCoordination();
    const seen: number[] = [];
    await bus.subscribe({ call: (e) => seen.push(e.eventId), agent: () => {}, resync: () => {} });
    const r = new EventRelay({ coordination: bus, journal: store.calls, deliver: () => {}, clock: () => new Date(), windowMs: 3_600_000, log: silentLogger, pollMs: 0 });
    await r.start();
    const [e] = await journal(1);
    r.publish(e!);
    expect(seen).toEqual([e!.eventId]);
  });
});
