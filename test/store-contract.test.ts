import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPostgresStore } from '../bridge/src/store/postgres/index.js';
import { openSqliteStore } from '../bridge/src/store/sqlite/index.js';
import { startPostgres } from './helpers/postgres.js';
import { storeContract } from './store-contract/index.js';

// The same cases against every store (test/store-contract/): SQLite in memory (bulk writes on
// the event loop's connection), SQLite in a file (bulk writes on its write thread, the journal in
// a file of its own), and PostgreSQL on a server of its own with a fresh database per case.

storeContract('sqlite', async () => ({
  open: async () => openSqliteStore(':memory:'),
  stop: async () => undefined,
}));

storeContract('sqlite file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ringside-contract-'));
  let cases = 0;
  return {
    open: async () => openSqliteStore(join(dir, `case-${++cases}.sqlite`)),
    stop: async () => rmSync(dir, { recursive: true, force: true }),
  };
});

storeContract('postgres', async () => {
  const server = await startPostgres();
  return {
    open: async () => openPostgresStore(await server.createDatabase(), { poolSize: 4 }),
    stop: () => server.stop(),
  };
});
