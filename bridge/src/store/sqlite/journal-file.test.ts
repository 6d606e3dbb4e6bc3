import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteStore } from './index.js';
import { copyJournalTables, journalFileOf } from './journal-file.js';
import { migrations } from './migrations.js';

// Step 11 moves the call journal into a file of its own. An installation upgraded from a single
// file keeps every call, event and dial, and never hands out an event id twice.

/** A database as the bridge left it before the journal had a file of its own (schema 10). */
function singleFile(file: string): void {
  const old = new Database(file);
  old.pragma('journal_mode = WAL');
  // Step 8 re-indexes through this function (openDatabase registers the real one).
  old.function('ringside_search_body', (body: unknown) => String(body ?? ''));
  for (const sql of migrations.slice(0, 10)) old.exec(sql);
  old.pragma('user_version = 10');
  old.exec(`
    INSERT INTO calls (id, source, call_id, direction, state, outcome, agents, started_at, caller_e164)
    VALUES (1, 'generic', 'c1', 'in', 'ended', 'missed', '[]', '2026-11-30T10:00:00Z', '+4930123456'),
           (2, 'generic', 'c2', 'in', 'ended', 'answered', '[]', '2026-11-30T11:00:00Z', '+4930123456');
    INSERT INTO call_events (event_id, call_row, source, targets, payload, created_at)
    VALUES (41, 1, 'generic', NULL, '{"n":41}', '2026-11-30T10:00:00Z'), (42, 2, 'generic', NULL, '{"n":42}', '2026-11-30T11:00:00Z');
    INSERT INTO dials (agent_id, source, device, number_e164, requested_at, result)
    VALUES ('anna', 'generic', 'SIP/21', '+4930123456', '2026-11-30T12:00:00Z', 'answered');
  `);
  // Events up to 57 were handed out once; the newest were purged since. Clients may have seen 57.
  old.exec(`UPDATE sqlite_sequence SET seq = 57 WHERE name = 'call_events'`);
  old.close();
}

const tables = (file: string) => {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('calls', 'call_events', 'dials') ORDER BY name`).pluck().all();
  } finally {
    db.close();
  }
};

describe('the call journal in a file of its own', () => {
  let dir: string | undefined;
  afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));

  it('moves calls, events and dials out of the main file, keeping every row and the event-id sequence', async () => {
    dir = mkdtempSync(join(tmpdir(), 'ringside-journal-'));
    const file = join(dir, 'ringside.sqlite');
    singleFile(file);

    const store = openSqliteStore(file);
    expect(journalFileOf(file)).toBe(join(dir, 'ringside-journal.sqlite'));
    expect(tables(file)).toEqual([]);
    expect(tables(journalFileOf(file))).toEqual(['call_events', 'calls', 'dials']);
    expect(await store.calls.get('generic', 'c1')).toMatchObject({ outcome: 'missed' });
    expect((await store.calls.eventsAfter(0, '1970-01-01')).map((e) => e.eventId)).toEqual([41, 42]);
    expect(await store.dials.forNumbers(['+4930123456'])).toHaveLength(1);
    // The next event continues after the highest id ever handed out, not after the highest kept.
    const call = (await store.calls.get('generic', 'c2'))!;
    const id = await store.calls.record(call, { targets: null, payload: (eventId) => JSON.stringify({ eventId }), at: '2026-12-01T09:00:00Z' });
    expect(id).toBe(58);
    await store.close();

    // Opened again: nothing to move, everything still there.
    const again = openSqliteStore(file);
    expect((await again.calls.eventsAfter(0, '1970-01-01')).map((e) => e.eventId)).toEqual([41, 42, 58]);
    await again.close();
  });

  it('finishes a move that stopped between copying and dropping, without duplicating a row', async () => {
    dir = mkdtempSync(join(tmpdir(), 'ringside-journal-'));
    const file = join(dir, 'ringside.sqlite');
    singleFile(file);
    // The copy committed, the drop did not: both files hold the journal.
    const half = new Database(file);
    half.prepare(`ATTACH DATABASE ? AS journal`).run(journalFileOf(file));
    copyJournalTables(half);
    half.close();
    expect(tables(file)).toEqual(['call_events', 'calls', 'dials']);

    const store = openSqliteStore(file);
    expect(tables(file)).toEqual([]);
    expect((await store.calls.eventsAfter(0, '1970-01-01')).map((e) => e.eventId)).toEqual([41, 42]);
    expect(await store.dials.forNumbers(['+4930123456'])).toHaveLength(1);
    await store.close();
  });

  it('refuses to start when the journal file of a moved database is missing', async () => {
    dir = mkdtempSync(join(tmpdir(), 'ringside-journal-'));
    const file = join(dir, 'ringside.sqlite');
    await openSqliteStore(file).close();
    rmSync(journalFileOf(file));
    rmSync(`${journalFileOf(file)}-wal`, { force: true });
    expect(() => openSqliteStore(file)).toThrow(/call journal .*ringside-journal\.sqlite is missing/);
    expect(existsSync(file)).toBe(true);
  });
});
