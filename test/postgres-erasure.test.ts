import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { eraseCustomer } from '../bridge/src/customers/erase-customer.js';
import { customerWithContact } from '../bridge/src/store/customer.testing.js';
import { PgDatabase } from '../bridge/src/store/postgres/database.js';
import { openPostgresStore } from '../bridge/src/store/postgres/index.js';
import { PERSONAL_DATA_TABLES, SCRUB_PENDING, scrubDeletedRows } from '../bridge/src/store/postgres/scrub.js';
import { startPostgres, type PostgresServer } from './helpers/postgres.js';

// Erasure on PostgreSQL, down to the bytes: a deleted row stays in the data files (heap and
// indexes) until the table is rewritten; the scrub rewrites the personal-data tables.

let server: PostgresServer;
beforeAll(async () => {
  server = await startPostgres();
}, 60_000);
afterAll(async () => server?.stop());

/** The bytes of every file of the personal-data tables: heap, indexes, TOAST, as on disk after a checkpoint. */
async function dataFiles(url: string): Promise<string> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query('CHECKPOINT');
    const dir = (await c.query<{ data_directory: string }>('SHOW data_directory')).rows[0]!.data_directory;
    const { rows } = await c.query<{ path: string }>(
      `WITH t AS (SELECT oid, reltoastrelid FROM pg_class WHERE oid = ANY($1::text[]::regclass[])),
         rels AS (SELECT oid FROM t UNION SELECT reltoastrelid FROM t WHERE reltoastrelid <> 0)
       SELECT pg_relation_filepath(oid) AS path FROM rels
       UNION SELECT pg_relation_filepath(indexrelid) FROM pg_index WHERE indrelid IN (SELECT oid FROM rels)`,
      [[...PERSONAL_DATA_TABLES]],
    );
    expect(rows.length).toBeGreaterThan(PERSONAL_DATA_TABLES.length * 2);
    return rows.map((r) => readFileSync(join(dir, r.path)).toString('latin1')).join('\n').toLowerCase();
  } finally {
    await c.end();
  }
}

it('leaves the erased customer in the data files until the scrub rewrites them; then their name and number are gone', async () => {
  const url = await server.createDatabase();
  const store = await openPostgresStore(url, { poolSize: 4 });
  const db = new PgDatabase(url, { poolSize: 2 });
  try {
    for (let i = 0; i < 300; i++) await store.customers.put(`K${i}`, customerWithContact(`Firma ${i} GmbH`, { lastName: `Person${i}`, number: `0170 ${1_000_000 + i}` }));
    await store.customers.put('K-ERASE', customerWithContact('Zacharias Geheimname GmbH', { lastName: 'Quetschenpaua', number: '0171 9876543' }));
    await store.customers.addConversation('K-ERASE', { channel: 'call', agent: 'Ben', contact: null, subject: 'Rückruf Quetschenpaua', summary: null, result: null, followUp: null });
    const before = await dataFiles(url);
    for (const trace of ['geheimname', 'quetschenpaua', '9876543']) expect(before).toContain(trace);

    expect(await eraseCustomer(store, 'K-ERASE')).toBe(true);
    // Deleted, and even vacuumed: the bytes are still there (this is why the scrub exists).
    await db.query('VACUUM customers');
    expect(await dataFiles(url)).toContain('geheimname');
    expect(await store.settings.get(SCRUB_PENDING)).not.toBeNull();

    const rewritten: string[] = [];
    await scrubDeletedRows(db, { lockTimeoutMs: 5000, onTable: (table) => rewritten.push(table) });
    expect(rewritten).toEqual([...PERSONAL_DATA_TABLES]);
    const after = await dataFiles(url);
    for (const trace of ['geheimname', 'quetschenpaua', '9876543']) expect(after).not.toContain(trace);
    // Everyone else is still there, and nothing is due any more.
    expect(after).toContain('person299');
    expect(await store.customers.count()).toBe(300);
    expect((await store.customers.findPhones('+491701000299', [])).exact.map((p) => p.customerNo)).toEqual(['K299']);
    expect(await store.settings.get(SCRUB_PENDING)).toBeNull();
  } finally {
    await db.close();
    await store.close();
  }
});

it('gives up on a table whose lock does not come, and keeps the scrub due', async () => {
  const url = await server.createDatabase();
  const store = await openPostgresStore(url, { poolSize: 4 });
  const db = new PgDatabase(url, { poolSize: 2 });
  const holder = new pg.Client({ connectionString: url });
  await holder.connect();
  try {
    await store.customers.put('K1', customerWithContact('Eins GmbH', { lastName: 'Weiß', number: '0170 1234567' }));
    await store.customers.delete('K1');
    const since = await store.settings.get(SCRUB_PENDING);
    expect(since).not.toBeNull();
    // A long transaction that has read from `phones` holds a lock the rewrite must wait for.
    await holder.query('BEGIN');
    await holder.query('SELECT count(*) FROM phones');
    await expect(scrubDeletedRows(db, { lockTimeoutMs: 200 })).rejects.toThrow(/lock timeout/);
    expect(await store.settings.get(SCRUB_PENDING)).toBe(since);
    await holder.query('ROLLBACK');
    await scrubDeletedRows(db, { lockTimeoutMs: 5000 });
    expect(await store.settings.get(SCRUB_PENDING)).toBeNull();
  } finally {
    await holder.end();
    await db.close();
    await store.close();
  }
});
