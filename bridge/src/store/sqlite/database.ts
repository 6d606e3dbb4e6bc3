import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { attachJournal, checkJournal, moveJournalTables } from './journal-file.js';
import { migrations } from './migrations.js';
import { foldForSearch, withExpandedParts } from '../search-fold.js';

export type Db = Database.Database;

/**
 * Open the database file with the pragmas set in one place:
 * - WAL: readers never block the single writer, and a crash loses no committed transaction.
 * - synchronous=NORMAL: in WAL mode a commit survives a process crash (kill -9); only a power
 *   loss can drop the last transactions, which is the usual trade for an embedded server.
 * - secure_delete: deleted rows are overwritten with zeros, so an erased customer cannot be read
 *   back from free pages of the file.
 * - busy_timeout: another process holding the lock (a backup, the CLI import) makes us wait
 *   instead of failing at once.
 */
export interface OpenOptions {
  role?: 'main' | 'writer';
  /**
   * Called before an existing database is brought to the current schema: some steps rebuild an
   * index over every customer (seconds per 100,000), and the start should say why it waits.
   */
  onUpgrade?: (from: number, to: number) => void;
}

export function openDatabase(file: string, options: OpenOptions = {}): Db {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  if (options.role === 'writer') {
    // The write thread's connection (write-thread-worker.ts): the data file only, never the
    // journal's lock; the event loop's connection has migrated the file before it starts.
    db.pragma('secure_delete = ON');
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version !== LATEST) throw new Error(`database schema version ${version}, expected ${LATEST}`);
    return db;
  }
  attachJournal(db, file);
  // Erased customers must not stay readable in free pages of either file (GDPR erasure); without
  // a schema name the pragma applies to every attached database.
  db.pragma('secure_delete = ON');
  // For the migrations that rebuild the search text from what the index holds (8 and 14).
  db.function('ringside_search_body', { deterministic: true }, (body: unknown) => withExpandedParts(String(body ?? '')));
  db.function('ringside_search_fold', { deterministic: true }, (body: unknown) => foldForSearch(String(body ?? '')));
  migrate(db, file, options.onUpgrade);
  return db;
}

/** Steps that span both files and manage their own transactions, by the version they bring. */
const FILE_STEPS: Record<number, (db: Db) => void> = { 11: moveJournalTables };
const LATEST = migrations.length + Object.keys(FILE_STEPS).length;

function migrate(db: Db, file: string, onUpgrade?: OpenOptions['onUpgrade']): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > LATEST) {
    throw new Error(`database schema version ${current} is newer than this bridge (${LATEST}); upgrade Ringside`);
  }
  // A new file (version 0) is created in an instant; only an upgrade may take a while.
  if (current > 0 && current < LATEST) onUpgrade?.(current, LATEST);
  // Versions count the SQL steps and the file steps together, in one sequence.
  const sqlSteps = migrations.values();
  for (let version = 1; version <= LATEST; version++) {
    const step = FILE_STEPS[version];
    const sql = step ? null : sqlSteps.next().value!;
    if (version <= current) continue;
    if (step) {
      step(db);
      db.pragma(`user_version = ${version}`);
      continue;
    }
    db.transaction(() => {
      db.exec(sql!);
      db.pragma(`user_version = ${version}`);
    })();
  }
  checkJournal(db, file);
}
