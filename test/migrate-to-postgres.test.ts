import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresStore } from '../bridge/src/store/postgres/index.js';
import { openSqliteStore } from '../bridge/src/store/sqlite/index.js';
import type { Store } from '../bridge/src/store/store.js';
import { startPostgres, type PostgresServer } from './helpers/postgres.js';
import { call, mueller, welter } from './store-contract/fixtures.js';

// `npm run migrate-to-postgres` as an operator runs it: a real SQLite file in, a real
// PostgreSQL database out, and everything readable through the store contract afterwards.

const ROOT = resolve(import.meta.dirname, '..');
const run = promisify(execFile);
let server: PostgresServer;
let dir: string;
beforeAll(async () => {
  server = await startPostgres();
  dir = mkdtempSync(join(tmpdir(), 'ringside-migrate-'));
}, 60_000);
afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

function migrateCli(sqliteFile: string, url: string, ...args: string[]): Promise<{ code: number; stderr: string }> {
  return run(process.execPath, ['--import', 'tsx', 'bridge/src/cli/migrate-to-postgres.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, RINGSIDE_DB: sqliteFile, RINGSIDE_DATABASE_URL: url },
  }).then(
    (r) => ({ code: 0, stderr: r.stderr }),
    (e: { code: number; stderr: string }) => ({ code: e.code, stderr: e.stderr }),
  );
}

async function fill(store: Store): Promise<void> {
  await store.customers.put('K-1', welter());
  await store.customers.put('K-2', mueller());
  await store.customers.putDocument('K-1', 'RE-7', { kind: 'invoice', title: 'Dach', status: 'overdue', amount: 99.5, currency: 'EUR', date: '2026-01-01', due: '2026-02-01', url: null });
  await store.customers.addConversation('K-2', { channel: 'call', agent: 'Eva', contact: 'Jürgen', subject: 'Rückruf', summary: 'ok', result: null, followUp: '2026-04-01', at: '2026-03-01T10:00:00.000Z' });
  await store.agents.create({ id: 'a1', name: 'Eva', email: 'eva@example.de', extensions: ['21'], identifiers: { sipgate: ['w0'] }, tokenHash: 'hash-a1' });
  const at = '2026-03-02T09:00:00.000Z';
  await store.calls.record(call('c1', { namedTargets: ['21'], agentIds: ['a1'], customerNo: 'K-1' }), { targets: ['21'], payload: (id) => JSON.stringify({ id }), at });
  await store.calls.record(call('c1', { state: 'ended', outcome: 'missed', namedTargets: ['21'], agentIds: ['a1'], customerNo: 'K-1', endedAt: at }), { targets: null, payload: (id) => JSON.stringify({ id }), at });
  await store.calls.markCallbacks([{ callId: 'c1' }], true, 'Eva', at);
  await store.settings.set('country', 'AT');
  await store.sessions.create({ idHash: 's1', csrf: 'c', createdAt: at, expiresAt: '2099-01-01T00:00:00.000Z' });
  await store.dials.record({ agentId: 'a1', source: 'fritzbox', device: 'FON1', numberE164: '+493023125742', callback: { source: 'generic', callId: 'c1' }, requestedAt: at, result: 'ringing' });
}

/** Everything a bridge reads, through the contract. */
async function snapshot(store: Store) {
  return {
    cards: [...(await store.customers.cards(['K-1', 'K-2'], { conversations: 10 })).entries()],
    search: await store.customers.search('welter', 10),
    lookup: await store.customers.findPhones('+4930231257421', []),
    agents: await store.agents.list(),
    byToken: await store.agents.byTokenHash('hash-a1'),
    calls: await store.calls.list({ limit: 10 }),
    events: await store.calls.eventsAfter(0, '1970-01-01T00:00:00.000Z'),
    lastEventId: await store.calls.lastEventId(),
    country: await store.settings.get('country'),
    session: await store.sessions.get('s1', '2026-03-02T09:00:00.000Z'),
    dials: await store.dials.open('fritzbox', '+493023125742', '2026-01-01T00:00:00.000Z'),
  };
}

describe('npm run migrate-to-postgres', () => {
  it('copies every table; refuses a filled target; --replace copies again to the same result', async () => {
    const file = join(dir, 'ringside.sqlite');
    const sqlite = openSqliteStore(file);
    await fill(sqlite);
    const expected = await snapshot(sqlite);
    await sqlite.close();
    const url = await server.createDatabase();

    const first = await migrateCli(file, url);
    expect(first.stderr).toContain('customers 2');
    expect(first.code).toBe(0);
    const pgStore = await openPostgresStore(url, { poolSize: 2 });
    try {
      expect(await snapshot(pgStore)).toEqual(expected);
      // New ids continue after the copied ones.
      expect(await pgStore.calls.record(call('c2'), { targets: null, payload: () => '{}', at: '2026-03-03T00:00:00.000Z' })).toBe(expected.lastEventId + 1);
      const contact = await pgStore.customers.put('K-3', welter());
      expect(contact.created).toBe(true);
    } finally {
      await pgStore.close();
    }

    const again = await migrateCli(file, url);
    expect(again.code).toBe(3);
    expect(again.stderr).toMatch(/already holds data .*--replace/);

    const replaced = await migrateCli(file, url, '--replace');
    expect(replaced.code).toBe(0);
    const after = await openPostgresStore(url, { poolSize: 2 });
    try {
      expect(await snapshot(after)).toEqual(expected);
      expect(await after.customers.exists('K-3')).toBe(false);
    } finally {
      await after.close();
    }
  });

  it('names what is missing instead of guessing', async () => {
    const none = await migrateCli(join(dir, 'missing.sqlite'), await server.createDatabase());
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('no SQLite database');
    const noUrl = await migrateCli(join(dir, 'ringside.sqlite'), '');
    expect(noUrl.code).toBe(2);
    expect(noUrl.stderr).toContain('RINGSIDE_DATABASE_URL is not set');
  });
});
