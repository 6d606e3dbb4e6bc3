import fc from 'fast-check';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentDirectory } from '../bridge/src/agents/directory.js';
import type { CallEvent } from '../bridge/src/calls/call-event.js';
import { CallService } from '../bridge/src/calls/call-service.js';
import { createLookup } from '../bridge/src/calls/lookup-service.js';
import { openPostgresStore } from '../bridge/src/store/postgres/index.js';
import { writeCall } from '../bridge/src/store/postgres/journal.js';
import { openSqliteStore } from '../bridge/src/store/sqlite/index.js';
import { StoreUnavailableError, type CallRecord, type Store } from '../bridge/src/store/store.js';
import { startPostgres, type PostgresServer } from './helpers/postgres.js';
import { call, customer, payload } from './store-contract/fixtures.js';

// What only a shared database has to guarantee: several bridges (here: several stores on one
// database, each with its own pools) writing at once, and a server that goes away and comes back.

const EPOCH = '1970-01-01T00:00:00.000Z';
let server: PostgresServer;
beforeAll(async () => {
  server = await startPostgres();
}, 60_000);
afterAll(async () => server?.stop());

/** Wait (with a deadline, not a fixed sleep) until some session of ours is blocked on a lock. */
async function untilBlockedOnLock(url: string, what: 'Lock' = 'Lock'): Promise<void> {
  const probe = new pg.Client({ connectionString: url });
  await probe.connect();
  try {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const { rowCount } = await probe.query(`SELECT 1 FROM pg_stat_activity WHERE application_name = 'ringside' AND wait_event_type = $1`, [what]);
      if (rowCount) return;
      if (Date.now() > deadline) throw new Error('no session is waiting on a lock');
      await new Promise((r) => setTimeout(r, 20));
    }
  } finally {
    await probe.end();
  }
}

describe('event ids across bridges', () => {
  it('are handed out in commit order: a reader never sees a later id before an earlier one commits', async () => {
    const url = await server.createDatabase();
    const bridgeB = await openPostgresStore(url, { poolSize: 4 });
    const reader = await openPostgresStore(url, { poolSize: 4 });
    // Bridge A's transaction, held open by hand between taking its event id and committing.
    const a = new pg.Client({ connectionString: url, application_name: 'ringside' });
    await a.connect();
    try {
      await a.query('BEGIN');
      // A bare pg client reads int8 as a string; the store's pools read it as a number.
      const idA = Number(await writeCall(a, call('slow'), { targets: null, payload, at: '2026-03-02T09:00:00.000Z' }));
      const recordB = bridgeB.calls.record(call('fast'), { targets: null, payload, at: '2026-03-02T09:00:01.000Z' });
      // B must wait for A (with a plain sequence it would commit id A+1 now, and a client
      // resuming after it would never receive A's event).
      await untilBlockedOnLock(url);
      expect(await reader.calls.eventsAfter(0, EPOCH)).toEqual([]);
      expect(await reader.calls.lastEventId()).toBe(0);
      await a.query('COMMIT');
      const idB = await recordB;
      expect(idB).toBe(idA + 1);
      expect((await reader.calls.eventsAfter(0, EPOCH)).map((e) => e.eventId)).toEqual([idA, idB]);
    } finally {
      await a.end();
      await bridgeB.close();
      await reader.close();
    }
  });

  it('stay gapless and ordered when many writers on two bridges race', async () => {
    const url = await server.createDatabase();
    const [one, two] = await Promise.all([openPostgresStore(url, { poolSize: 4 }), openPostgresStore(url, { poolSize: 4 })]);
    try {
      // A reader polling during the race only ever sees a prefix of the final journal.
      const seen: number[][] = [];
      let done = false;
      const polling = (async () => {
        while (!done) seen.push((await one.calls.eventsAfter(0, EPOCH)).map((e) => e.eventId));
      })();
      await Promise.all(
        Array.from({ length: 60 }, (_, i) => (i % 2 ? one : two).calls.record(call(`c${i}`), { targets: null, payload, at: '2026-03-02T09:00:00.000Z' })),
      );
      done = true;
      await polling;
      const final = (await two.calls.eventsAfter(0, EPOCH)).map((e) => e.eventId);
      expect(final).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
      for (const snapshot of seen) expect(snapshot).toEqual(final.slice(0, snapshot.length));
    } finally {
      await Promise.all([one.close(), two.close()]);
    }
  });
});

describe('one call, events arriving at two bridges at once', () => {
  it('waits for the other bridge and decides on the state it wrote', async () => {
    const url = await server.createDatabase();
    const [a, b] = await Promise.all([openPostgresStore(url, { poolSize: 4 }), openPostgresStore(url, { poolSize: 4 })]);
    try {
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      let entered!: () => void;
      const inside = new Promise<void>((r) => (entered = r));
      const ringing = a.calls.apply('generic', 'x', async (prev) => {
        expect(prev).toBeNull();
        entered();
        await gate; // the caller lookup taking its time
        return { call: call('x', { agentIds: ['a21'] }), event: { targets: ['21'], payload, at: '2026-03-02T09:00:00.000Z' } };
      });
      await inside;
      let seenByB: CallRecord | null | undefined;
      const answer = b.calls.apply('generic', 'x', async (prev) => {
        seenByB = prev;
        return prev ? { call: { ...prev, state: 'answered', answeredBy: '21' }, event: { targets: ['21'], payload, at: '2026-03-02T09:00:03.000Z' } } : null;
      });
      await untilBlockedOnLock(url);
      expect(seenByB).toBeUndefined();
      release();
      const [idRinging, idAnswer] = await Promise.all([ringing, answer]);
      expect(seenByB).toMatchObject({ state: 'ringing', agentIds: ['a21'] });
      expect(idAnswer).toBe(idRinging! + 1);
      expect(await a.calls.get('generic', 'x')).toMatchObject({ state: 'answered', answeredBy: '21' });
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('applies every one of a burst exactly once, in one order', async () => {
    const url = await server.createDatabase();
    const [a, b] = await Promise.all([openPostgresStore(url, { poolSize: 4 }), openPostgresStore(url, { poolSize: 4 })]);
    try {
      // Each event appends its number to the call's named targets: a lost update would drop one.
      const ids = await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          (i % 2 ? a : b).calls.apply('generic', 'busy', async (prev) => ({
            call: call('busy', { namedTargets: [...(prev?.namedTargets ?? []), String(i)] }),
            event: { targets: null, payload: () => JSON.stringify({ i, before: prev?.namedTargets.length ?? 0 }), at: '2026-03-02T09:00:00.000Z' },
          })),
        ),
      );
      const stored = (await a.calls.get('generic', 'busy'))!;
      expect([...stored.namedTargets].sort()).toEqual(Array.from({ length: 40 }, (_, i) => String(i)).sort());
      // The journal tells the same story: event n saw the n-1 events before it.
      const events = await b.calls.eventsAfter(0, EPOCH);
      expect(events.map((e) => (JSON.parse(e.payload) as { before: number }).before)).toEqual(Array.from({ length: 40 }, (_, i) => i));
      expect([...ids].sort((x, y) => x! - y!)).toEqual(events.map((e) => e.eventId));
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});

describe('two bridges, one call: ringing to A and the answer to B at the same moment', () => {
  it('ends answered, with one event each, in order, whichever arrives first', async () => {
    const url = await server.createDatabase();
    const stores = await Promise.all([openPostgresStore(url, { poolSize: 4 }), openPostgresStore(url, { poolSize: 4 })]);
    const numbering = { country: 'DE', trunkPrefix: null } as const;
    const quiet = () => undefined;
    const published: number[] = [];
    const services = await Promise.all(
      stores.map(async (store) => {
        const agents = new AgentDirectory(store.agents);
        await agents.load();
        return new CallService({
          store,
          agents,
          numbering,
          lookup: createLookup(store, numbering),
          publisher: { publish: (e) => void published.push(e.eventId) },
          clock: () => new Date('2026-03-02T09:00:00.000Z'),
          log: { debug: quiet, info: quiet, warn: quiet, error: quiet },
        });
      }),
    );
    try {
      await stores[0]!.customers.put('K-1', customer({ company: 'Welter Dachbau GmbH', phones: [{ number: '030 2312574' }] }));
      const ev = (kind: CallEvent['kind'], callId: string): CallEvent => ({
        kind, source: 'generic', callId, from: '030 2312574', to: '21', direction: 'in', agents: ['21'],
        answeredBy: kind === 'answered' ? '21' : null, cause: null, at: null, linkedId: null,
      });
      for (let i = 0; i < 20; i++) {
        const [ringing, answered] = await Promise.all([services[0]!.ingest(ev('ringing', `r${i}`)), services[1]!.ingest(ev('answered', `r${i}`))]);
        const stored = (await stores[0]!.calls.get('generic', `r${i}`))!;
        expect(stored).toMatchObject({ state: 'answered', answeredBy: '21', customerNo: 'K-1' });
        // Both applied when ringing came first; the ringing is late (ignored) when the answer won.
        expect(answered.eventId).not.toBeNull();
        if (ringing.eventId !== null) expect(ringing.eventId).toBeLessThan(answered.eventId!);
      }
      const journal = await stores[1]!.calls.eventsAfter(0, EPOCH);
      expect([...published].sort((a, b) => a - b)).toEqual(journal.map((e) => e.eventId));
    } finally {
      await Promise.all(stores.map((s) => s.close()));
    }
  });
});

describe('bulk sync from two bridges at once', () => {
  it('a customer another source is creating meanwhile fails the batch instead of being taken over', async () => {
    const url = await server.createDatabase();
    const store = await openPostgresStore(url, { poolSize: 4 });
    // Source "carddav" on another bridge, its transaction held open by hand after creating K1.
    const other = new pg.Client({ connectionString: url, application_name: 'ringside' });
    await other.connect();
    try {
      await other.query('BEGIN');
      await other.query(`INSERT INTO customers (customer_no, company, created_at, updated_at, source, sync_hash) VALUES ('K1', 'Adressbuch GmbH', '', '', 'carddav', 'h')`);
      const session = await store.sync.begin({ source: 'erp', full: false });
      const erp = session.write([{ kind: 'customer', customerNo: 'K1', hash: 'erp', customer: customer({ company: 'ERP GmbH' }) }]);
      erp.catch(() => undefined); // awaited below
      await untilBlockedOnLock(url);
      await other.query('COMMIT');
      await expect(erp).rejects.toThrow(/duplicate key/);
      await session.abort();
      expect((await store.customers.card('K1', { conversations: 0 }))?.company).toBe('Adressbuch GmbH');
    } finally {
      await other.end();
      await store.close();
    }
  });
});

describe('search: the same customers as SQLite', () => {
  it('for fragments of stored names and numbers, typed in any case, with or without accents', async () => {
    const pgStore = await openPostgresStore(await server.createDatabase(), { poolSize: 4 });
    const sqlite = openSqliteStore(':memory:');
    const letters = ['a', 'e', 'o', 'u', 'n', 's', 'ä', 'ö', 'ü', 'ß', 'é', 'è', 'ç', 'ñ', 'å', 'ø', 'æ', 'ł', 'ş', 'ğ', 'ı', 'İ', 'Ä', 'Ü', 'É', 'x', ' ', '-', '%', '_'];
    const word = fc.array(fc.constantFrom(...letters), { minLength: 2, maxLength: 10 }).map((cs) => cs.join(''));
    const corpus = fc.sample(fc.record({ company: word, last: word, first: word }), { numRuns: 150, seed: 16 });
    try {
      for (const [i, c] of corpus.entries()) {
        const input = customer({ company: c.company, contacts: [{ firstName: c.first, lastName: c.last }], phones: [{ number: `030 ${1000 + i}` }] });
        await pgStore.customers.put(`K-${i}`, input);
        await sqlite.customers.put(`K-${i}`, input);
      }
      const bodies = corpus.map((c) => `${c.company} ${c.first} ${c.last}`);
      const fragment = fc
        .tuple(fc.nat(bodies.length - 1), fc.nat(40), fc.integer({ min: 1, max: 8 }), fc.boolean())
        .map(([i, start, len, upper]) => {
          const b = bodies[i]!;
          const f = b.slice(start % b.length, (start % b.length) + len);
          return upper ? f.toUpperCase() : f;
        });
      const query = fc.oneof(fragment, word, fc.string({ maxLength: 6 }));
      const found = async (s: Store, q: string) => (await s.customers.search(q, 1000)).map((r) => r.customerNo).sort();
      await fc.assert(
        fc.asyncProperty(query, async (q) => {
          expect(await found(pgStore, q)).toEqual(await found(sqlite, q));
        }),
        { numRuns: 1500 },
      );
    } finally {
      await pgStore.close();
      await sqlite.close();
    }
  }, 120_000);
});

describe('a database that goes away', () => {
  it('answers "unavailable" while down and works again when it is back, without reopening', async () => {
    const store = await openPostgresStore(await server.createDatabase(), { poolSize: 4, connectTimeoutMs: 2000 });
    try {
      await store.customers.put('K-1', customer({ company: 'Vorher GmbH' }));
      await server.down();
      await expect(store.ping()).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(store.calls.record(call('c1'), { targets: null, payload, at: EPOCH })).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(store.calls.apply('generic', 'c1', async () => null)).rejects.toBeInstanceOf(StoreUnavailableError);
      await server.up();
      await store.ping();
      expect(await store.customers.exists('K-1')).toBe(true);
      expect(await store.calls.record(call('c1'), { targets: null, payload, at: EPOCH })).toBe(1);
    } finally {
      await store.close();
    }
  });
});
