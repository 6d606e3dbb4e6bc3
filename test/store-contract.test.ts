import { openPostgresStore } from '../bridge/src/store/postgres/index.js';
import { openSqliteStore } from '../bridge/src/store/sqlite/index.js';
import { startPostgres } from './helpers/postgres.js';
import { storeContract } from './store-contract/index.js';

// The same cases against every store (test/store-contract/): SQLite in memory, and PostgreSQL
// on a server of its own with a fresh database per case.

storeContract('sqlite', async () => ({
  open: async () => openSqliteStore(':memory:'),
  stop: async () => undefined,
}));

storeContract('postgres', async () => {
  const server = await startPostgres();
  return {
    open: async () => openPostgresStore(await server.createDatabase(), { poolSize: 4 }),
    stop: () => server.stop(),
  };
});
