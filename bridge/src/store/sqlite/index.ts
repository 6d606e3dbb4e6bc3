import type { Store } from '../store.js';
import { sqliteAgentRepo } from './agents.js';
import { sqliteCallRepo } from './calls.js';
import { sqliteCustomerRepo } from './customers.js';
import { sqliteDialRepo } from './dials.js';
import { openDatabase } from './database.js';
import { sqliteLeaseRepo } from './leases.js';
import { sqliteSessionRepo } from './sessions.js';
import { sqliteSyncRepo } from './sync.js';

/** The embedded default: one SQLite file, created and migrated on open. */
export function openSqliteStore(file: string): Store {
  const db = openDatabase(file);
  const get = db.prepare(`SELECT value FROM settings WHERE key = ?`).pluck();
  const set = db.prepare(`INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`);
  return {
    customers: sqliteCustomerRepo(db),
    agents: sqliteAgentRepo(db),
    calls: sqliteCallRepo(db),
    sessions: sqliteSessionRepo(db),
    dials: sqliteDialRepo(db),
    sync: sqliteSyncRepo(db),
    leases: sqliteLeaseRepo(db),
    settings: {
      get: async (key) => (get.get(key) as string | undefined) ?? null,
      set: async (key, value) => {
        set.run(key, value);
      },
    },
    ping: async () => {
      db.prepare('SELECT 1').get();
    },
    close: async () => {
      db.close();
    },
  };
}
