import type { Store } from '../store.js';
import { pgRefusedOriginRepo, pgUnmappedRepo } from './console-lists.js';
import { pgAgentRepo } from './agents.js';
import { pgCallRepo } from './calls.js';
import { pgCustomerRepo } from './customers.js';
import { pgDialRepo } from './dials.js';
import { PgDatabase, type PgOptions } from './database.js';
import { pgLeaseRepo } from './leases.js';
import { migrate } from './migrate.js';
import { pgSessionRepo } from './sessions.js';
import { pgSyncRepo } from './sync.js';

/** PostgreSQL (`RINGSIDE_DATABASE_URL`): several bridges share one database. Migrated on open. */
export async function openPostgresStore(url: string, options: PgOptions = { poolSize: 10 }): Promise<Store> {
  const db = new PgDatabase(url, options);
  try {
    await migrate(db);
  } catch (err) {
    await db.close();
    throw err;
  }
  return {
    customers: pgCustomerRepo(db),
    agents: pgAgentRepo(db),
    calls: pgCallRepo(db),
    sessions: pgSessionRepo(db),
    sync: pgSyncRepo(db),
    leases: pgLeaseRepo(db),
    dials: pgDialRepo(db),
    unmapped: pgUnmappedRepo(db),
    refusedOrigins: pgRefusedOriginRepo(db),
    settings: {
      get: async (key) => (await db.query<{ value: string }>(`SELECT value FROM settings WHERE key = $1`, [key])).rows[0]?.value ?? null,
      set: async (key, value) => {
        await db.query(`INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, [key, value]);
      },
      delete: async (key) => {
        await db.query(`DELETE FROM settings WHERE key = $1`, [key]);
      },
    },
    ping: async () => {
      await db.query('SELECT 1');
    },
    close: () => db.close(),
  };
}
