import type { Store } from '../store.js';
import { sqliteRefusedOriginRepo, sqliteUnmappedRepo } from './console-lists.js';
import { sqliteAgentRepo } from './agents.js';
import { sqliteCallRepo } from './calls.js';
import { sqliteCustomerRepo } from './customers.js';
import { sqliteDialRepo } from './dials.js';
import { openDatabase, type OpenOptions } from './database.js';
import { sqliteLeaseRepo } from './leases.js';
import { sqliteSessionRepo } from './sessions.js';
import { sqliteSyncRepo } from './sync.js';
import { WriteThread } from './write-thread.js';
import { requireTurnsForDataFileWrites } from './write-turn-check.js';

/**
 * The store methods that write the main file. While the write thread runs a bulk write, they
 * take turns with it (write-turnstile.ts): each waits, without holding the event loop, for the
 * thread's current transaction. Every other method only reads (WAL readers never wait), and the
 * call journal is a file of its own that the thread never holds (journal-file.ts). A write
 * method missing here would still be safe (SQLite's lock), but could stop the event loop for up
 * to one of the thread's transactions.
 */
const WRITES = {
  customers: ['put', 'delete', 'putDocument', 'addConversation', 'addPhone'],
  agents: ['create', 'update', 'setTokenHash', 'delete'],
  sessions: ['create', 'delete', 'purgeExpired'],
  settings: ['set', 'delete'],
  unmapped: ['note', 'forget'],
  refusedOrigins: ['note', 'forget'],
  leases: ['acquire', 'renew', 'release'],
} as const satisfies { [K in keyof Store]?: readonly (keyof Store[K])[] };

/**
 * The embedded default: one SQLite file (and its journal file), created and migrated on open.
 * Bulk writes (sync, import) run on a write thread with a connection of its own
 * (write-thread.ts); everything else runs on the event loop's connection.
 */
export function openSqliteStore(file: string, options: Pick<OpenOptions, 'onUpgrade'> = {}): Store {
  const db = openDatabase(file, options);
  const thread = file === ':memory:' ? null : new WriteThread(file, db);
  if (thread && process.env.RINGSIDE_CHECK_WRITE_TURNS === '1') requireTurnsForDataFileWrites(db, () => thread.inTurn);
  const get = db.prepare(`SELECT value FROM settings WHERE key = ?`).pluck();
  const set = db.prepare(`INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`);
  const unset = db.prepare(`DELETE FROM settings WHERE key = ?`);
  const turns = <K extends keyof typeof WRITES>(name: K, repo: Store[K]): Store[K] => {
    if (!thread) return repo;
    const out = { ...repo } as Record<string, unknown>;
    for (const method of WRITES[name]) out[method] = thread.gate((repo as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[method]!);
    return out as unknown as Store[K];
  };
  return {
    customers: turns('customers', sqliteCustomerRepo(db)),
    agents: turns('agents', sqliteAgentRepo(db)),
    calls: sqliteCallRepo(db),
    sessions: turns('sessions', sqliteSessionRepo(db)),
    dials: sqliteDialRepo(db),
    unmapped: turns('unmapped', sqliteUnmappedRepo(db)),
    refusedOrigins: turns('refusedOrigins', sqliteRefusedOriginRepo(db)),
    sync: thread?.syncRepo ?? sqliteSyncRepo(db),
    leases: turns('leases', sqliteLeaseRepo(db)),
    settings: turns('settings', {
      get: async (key: string) => (get.get(key) as string | undefined) ?? null,
      set: async (key: string, value: string) => {
        set.run(key, value);
      },
      delete: async (key: string) => {
        unset.run(key);
      },
    }),
    ping: async () => {
      db.prepare('SELECT 1').get();
    },
    close: async () => {
      await thread?.close();
      db.close();
    },
  };
}
