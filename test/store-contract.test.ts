import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openPostgresStore } from '../bridge/src/store/postgres/index.js';
import { openSqliteStore } from '../bridge/src/store/sqlite/index.js';
import { startPostgres } from './helpers/postgres.js';
import { storeContract } from './store-contract/index.js';

// The same cases against every store (test/store-contract/): SQLite in memory (bulk writes on
// the event loop's connection), SQLite in a file (bulk writes on its write thread, the journal in
// a file of its own), and PostgreSQL on a server of its own with a fresh database per case.
// `failInsertOf` reaches a store's database from a second connection and adds a trigger that
// refuses one customer, as a full disk would fail a write.

const REFUSED = 'refused by the test';

storeContract('sqlite', async () => ({
  open: async () => openSqliteStore(':memory:'),
  stop: async () => undefined,
}));

storeContract('sqlite file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ringside-contract-'));
  let cases = 0;
  const file = () => join(dir, `case-${cases}.sqlite`);
  return {
    open: async () => {
      cases++;
      return openSqliteStore(file());
    },
    stop: async () => rmSync(dir, { recursive: true, force: true }),
    failInsertOf: async (customerNo) => {
      const db = new Database(file());
      try {
        db.prepare(
          // A trigger takes no bound parameters: the number is quoted as an SQL string literal.
          `CREATE TRIGGER refuse_in_test BEFORE INSERT ON customers WHEN NEW.customer_no = '${customerNo.replace(/'/g, "''")}'
           BEGIN SELECT RAISE(ABORT, '${REFUSED}'); END`,
        ).run();
      } finally {
        db.close();
      }
    },
  };
});

storeContract('postgres', async () => {
  const server = await startPostgres();
  let url = '';
  return {
    open: async () => openPostgresStore((url = await server.createDatabase()), { poolSize: 4 }),
    stop: () => server.stop(),
    failInsertOf: async (customerNo) => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`
          CREATE FUNCTION refuse_in_test() RETURNS trigger LANGUAGE plpgsql AS $$
          BEGIN
            IF NEW.customer_no = ${pg.escapeLiteral(customerNo)} THEN RAISE EXCEPTION '${REFUSED}'; END IF;
            RETURN NEW;
          END $$;
          CREATE TRIGGER refuse_in_test BEFORE INSERT ON customers FOR EACH ROW EXECUTE FUNCTION refuse_in_test();`);
      } finally {
        await client.end();
      }
    },
  };
});
