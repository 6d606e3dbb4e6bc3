import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { phone } from '../customer-phones.contract.js';
import { openSqliteStore } from './index.js';
import { migrations } from './migrations.js';

// The contract cases themselves run for every store from test/store-contract.test.ts.

describe('the one-number-per-owner migration merges numbers stored twice before it', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it('keeps the first row with the label and main flag of any duplicate, then refuses new duplicates', async () => {
    dir = mkdtempSync(join(tmpdir(), 'ringside-migration-'));
    const file = join(dir, 'old.sqlite');
    // A database as the version before it left it, with the duplicates it allowed.
    const version = migrations.findIndex((sql) => sql.includes('CREATE UNIQUE INDEX phones_owner_number'));
    expect(version).toBeGreaterThan(0);
    const old = new Database(file);
    for (const sql of migrations.slice(0, version)) old.exec(sql);
    old.pragma(`user_version = ${version}`);
    old.exec(`
      INSERT INTO customers (customer_no, company, created_at, updated_at) VALUES ('K-1', 'Welter', 'x', 'x');
      INSERT INTO contacts (id, customer_no, position, last_name) VALUES (7, 'K-1', 0, 'Welter');
      INSERT INTO phones (id, customer_no, contact_id, position, number, e164, label, main) VALUES
        (1, 'K-1', NULL, 0, '030 2312574', '+49302312574', NULL, 0),
        (2, 'K-1', NULL, 1, '+49 30 2312574', '+49302312574', 'Zentrale', 1),
        (3, 'K-1', 7, 2, '030 2312574', '+49302312574', NULL, 0),
        (4, 'K-1', 7, 3, 'Zentrale', NULL, NULL, 0),
        (5, 'K-1', 7, 4, 'Zentrale', NULL, 'alt', 0),
        (6, 'K-1', 7, 5, '0170 1234567', '+491701234567', 'mobil', 0),
        (8, 'K-1', 7, 6, '01701234567', '+491701234567', 'privat', 0);
    `);
    old.close();

    const store = openSqliteStore(file);
    try {
      const card = (await store.customers.card('K-1', { conversations: 0 }))!;
      expect(card.phones).toEqual([{ number: '030 2312574', e164: '+49302312574', label: 'Zentrale', main: true }]);
      expect(card.contacts[0]?.phones).toEqual([
        { number: '030 2312574', e164: '+49302312574', label: null, main: false },
        { number: 'Zentrale', e164: null, label: 'alt', main: false },
        { number: '0170 1234567', e164: '+491701234567', label: 'mobil', main: false },
      ]);
      expect((await store.customers.addPhone('K-1', phone('030 2312574'), null))?.added).toBe(false);
    } finally {
      await store.close();
    }
  });
});
