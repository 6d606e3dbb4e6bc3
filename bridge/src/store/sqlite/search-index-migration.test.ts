import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { withExpandedParts } from '../search-fold.js';
import { openSqliteStore } from './index.js';
import { migrations } from './migrations.js';

// Migration 14 rebuilds the search index without token positions, its text folded by us. A
// database indexed the old way (text as written, the tokenizer folding) must find the same
// customers afterwards, by either spelling, in any case, by number digits.

describe('search index migration: folded text, no positions', () => {
  let dir: string | undefined;
  afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));

  it('re-indexes what the old index held, and search finds it as before', async () => {
    dir = mkdtempSync(join(tmpdir(), 'ringside-mig-'));
    const file = join(dir, 'old.sqlite');
    const old = new Database(file);
    old.function('ringside_search_body', (body: unknown) => withExpandedParts(String(body)));
    // Up to version 10 (11 moves the journal into its own file, run by openSqliteStore).
    for (const sql of migrations.slice(0, 10)) old.exec(sql);
    old.pragma('user_version = 10');
    // Bodies as the old write path built them: parts as written, then their spelled-out forms.
    old.exec(`
      INSERT INTO customers (id, customer_no, company, created_at, updated_at) VALUES
        (1, 'K-1', 'Müller Dachbau', '2026-01-01', '2026-01-01'), (2, 'K-2', 'Zoë Café', '2026-01-01', '2026-01-01');
      INSERT INTO customer_search (rowid, customer_no, body) VALUES
        (1, 'K-1', 'K-1 • Müller Dachbau • Jürgen Weiß • +49302312574 • 0302312574 • Mueller Dachbau • Juergen Weiss'),
        (2, 'K-2', 'K-2 • Zoë Café • ANDRÉ ØSTERGÅRD');
    `);
    old.close();

    const upgrades: [number, number][] = [];
    const store = openSqliteStore(file, { onUpgrade: (from, to) => upgrades.push([from, to]) });
    // Said once, before the steps run (the start logs why it waits).
    expect(upgrades).toEqual([[10, 14]]);
    const found = async (q: string) => (await store.customers.search(q, 20)).map((r) => r.customerNo);
    for (const q of ['muller', 'Müller', 'MUELLER', 'jürgen weiß', 'juergen weiss', '030 2312', '+49 30 2312574']) expect(await found(q), q).toEqual(['K-1']);
    for (const q of ['zoe cafe', 'Zoë', 'andre', 'østergård', 'ØSTERGÅRD']) expect(await found(q), q).toEqual(['K-2']);
    await store.close();

    const db = new Database(file, { readonly: true });
    const sql = db.prepare(`SELECT sql FROM sqlite_master WHERE name = 'customer_search'`).pluck().get() as string;
    expect(sql).toMatch(/detail = none/);
    expect(db.prepare(`SELECT body FROM customer_search WHERE rowid = 1`).pluck().get()).toBe(
      'k-1 • muller dachbau • jurgen weiß • +49302312574 • 0302312574 • mueller dachbau • juergen weiss',
    );
    db.close();
  });
});
