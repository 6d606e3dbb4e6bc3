import Database from 'better-sqlite3';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { normalizeCustomer } from '../../customers/normalize-customer.js';
import { callRecord } from '../call-record.testing.js';
import { openSqliteStore } from './index.js';
import type { Store, SyncRecord } from '../store.js';

// The SQLite store writes bulk sessions on a thread with its own connection. Whatever the event
// loop writes meanwhile (the journal, a customer edit, settings) must land too, in full.

const numbering = { country: 'DE' as const, trunkPrefix: null };
const customer = (i: number): SyncRecord => ({
  kind: 'customer',
  customerNo: `T${i}`,
  hash: `h${i}`,
  customer: normalizeCustomer(
    { company: `Firma ${i}`, notes: null, customerSince: null, phones: [{ number: `030 ${2000000 + i}`, label: null, main: true }], contacts: [] },
    numbering,
  ),
});

describe('SQLite write thread', () => {
  let dir: string | undefined;
  let store: Store | undefined;
  afterEach(async () => {
    await store?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('writes a bulk session while the event loop writes the main file and the journal, losing nothing', async () => {
    dir = mkdtempSync(join(tmpdir(), 'ringside-thread-'));
    store = openSqliteStore(join(dir, 'ringside.sqlite'));
    const s = store;
    const session = await s.sync.begin({ source: 'erp', full: true });
    expect(session.blocksEventLoop).toBe(false);
    // Encoded records (as the parser thread sends them) and plain ones mix in one batch.
    const writes: Promise<unknown>[] = [];
    for (let b = 0; b < 20; b++) {
      const batch = Array.from({ length: 250 }, (_, k) => customer(b * 250 + k)).map((r, k) => (k % 2 ? { kind: r.kind, encoded: JSON.stringify(r) } : r));
      writes.push(session.write(batch));
      // Meanwhile, on the event loop: settings (main file) and dials (journal file).
      writes.push(s.settings.set(`probe-${b}`, String(b)));
      writes.push(s.dials.record({ agentId: 'anna', source: 'generic', device: 'SIP/21', numberE164: `+4930${b}`, callback: null, requestedAt: new Date().toISOString(), result: 'ringing' }));
    }
    await Promise.all(writes);
    expect(await session.finish()).toEqual({ customers: 0, documents: 0, conversations: 0 });
    expect(await s.customers.count()).toBe(5000);
    expect(await s.settings.get('probe-19')).toBe('19');
    expect(await s.dials.forNumbers(['+493019'])).toHaveLength(1);
    expect((await s.customers.search('Firma 4999', 5))[0]).toMatchObject({ customerNo: 'T4999' });

    // A second full session that mentions half removes the other half, on the thread too, and
    // the removed customers' calls leave the journal (deleted on the event loop's connection).
    await s.calls.record(callRecord(1, { callId: 'gone', customerNo: 'T4000' }), { targets: null, payload: String, at: '2026-03-02T09:00:00.000Z' });
    await s.calls.record(callRecord(2, { callId: 'kept', customerNo: 'T10' }), { targets: null, payload: String, at: '2026-03-02T09:00:00.000Z' });
    const second = await s.sync.begin({ source: 'erp', full: true });
    const outcomes = await second.write(Array.from({ length: 2500 }, (_, i) => customer(i)));
    expect(outcomes.every((o) => o.ok && o.result === 'unchanged')).toBe(true);
    expect(await second.finish()).toEqual({ customers: 2500, documents: 0, conversations: 0 });
    expect(await s.customers.count()).toBe(2500);
    expect(await s.calls.forCustomer('T4000')).toEqual([]);
    expect(await s.calls.forCustomer('T10')).toHaveLength(1);
  });

  it('checkpoints the journal file while a long session keeps the thread running', async () => {
    dir = mkdtempSync(join(tmpdir(), 'ringside-thread-'));
    store = openSqliteStore(join(dir, 'ringside.sqlite'));
    // Only setInterval is faked: the thread, its messages and SQLite run for real.
    vi.useFakeTimers({ toFake: ['setInterval'] });
    try {
      const session = await store.sync.begin({ source: 'erp', full: false });
      await session.write([customer(1)]);
      await store.calls.record(callRecord(1, { callId: 'during-sync' }), { targets: null, payload: String, at: '2026-03-02T09:00:00.000Z' });
      // The journal file on its own (its WAL left behind) shows what was checkpointed into it.
      const checkpointed = () => {
        const copy = join(dir!, `journal-copy-${Date.now()}.sqlite`);
        copyFileSync(join(dir!, 'ringside-journal.sqlite'), copy);
        const db = new Database(copy, { readonly: true });
        try {
          // Before any checkpoint even the journal's tables may live in the WAL only.
          if (!db.prepare(`SELECT 1 FROM sqlite_master WHERE name = 'calls'`).get()) return 0;
          return db.prepare(`SELECT count(*) FROM calls WHERE call_id = 'during-sync'`).pluck().get();
        } finally {
          db.close();
        }
      };
      expect(checkpointed()).toBe(0);
      vi.advanceTimersByTime(30_000);
      expect(checkpointed()).toBe(1);
      await session.finish();
    } finally {
      vi.useRealTimers();
    }
  });

  it('fails the session, not the store, when it is closed mid-way', async () => {
    dir = mkdtempSync(join(tmpdir(), 'ringside-thread-'));
    const file = join(dir, 'ringside.sqlite');
    store = openSqliteStore(file);
    const session = await store.sync.begin({ source: 'erp', full: false });
    await session.write([customer(1)]);
    await store.close();
    await expect(session.write([customer(2)])).rejects.toThrow(/closed/);
    store = openSqliteStore(file);
    expect(await store.customers.exists('T1')).toBe(true);
    expect(await store.customers.exists('T2')).toBe(false);
  });
});
