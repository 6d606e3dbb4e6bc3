import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from './database.js';
import { requireTurnsForDataFileWrites } from './write-turn-check.js';

// The check the test suites run with (RINGSIDE_CHECK_WRITE_TURNS=1, vitest.config.ts): a write
// to the data file outside the event loop's turn throws; the journal's tables and reads do not.

describe('writes to the data file take turns with the write thread', () => {
  let dir: string | undefined;
  afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));

  it('refuses a data-file write outside the turn, lets the journal and reads through', () => {
    dir = mkdtempSync(join(tmpdir(), 'ringside-turns-'));
    const db = openDatabase(join(dir, 'ringside.sqlite'));
    let turn = false;
    requireTurnsForDataFileWrites(db, () => turn);
    const setting = db.prepare(`INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`);
    expect(() => setting.run('k', 'v')).toThrow(/outside the event loop's turn/);
    expect(() => db.prepare(`DELETE FROM customers WHERE customer_no = ?`).run('K-1')).toThrow(/outside/);
    expect(() => db.prepare(`UPDATE agents SET name = ? WHERE id = ?`).run('Anna', 'a')).toThrow(/outside/);
    // The journal file never waits for the thread, and reads never wait at all.
    expect(() => db.prepare(`DELETE FROM calls WHERE customer_no = ?`).run('K-1')).not.toThrow();
    expect(() => db.prepare(`INSERT INTO dials (agent_id, source, device, number_e164, requested_at, result) VALUES ('a', 's', 'd', '+49', 't', 'ok')`).run()).not.toThrow();
    expect(db.prepare(`SELECT count(*) FROM settings`).pluck().get()).toBe(0);
    turn = true;
    setting.run('k', 'v');
    expect(db.prepare(`SELECT value FROM settings WHERE key = 'k'`).pluck().get()).toBe('v');
    db.close();
  });
});
