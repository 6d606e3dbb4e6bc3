import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { migrations } from './migrations.js';
import { withExpandedParts } from '../search-fold.js';

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
export function openDatabase(file: string): Db {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  // Erased customers must not stay readable in free pages of the file (GDPR erasure).
  db.pragma('secure_delete = ON');
  db.function('ringside_search_body', { deterministic: true }, (body: unknown) => withExpandedParts(String(body ?? '')));
  migrate(db);
  return db;
}

function migrate(db: Db): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > migrations.length) {
    throw new Error(`database schema version ${current} is newer than this bridge (${migrations.length}); upgrade Ringside`);
  }
  for (let version = current; version < migrations.length; version++) {
    const apply = db.transaction(() => {
      db.exec(migrations[version]!);
      db.pragma(`user_version = ${version + 1}`);
    });
    apply();
  }
}
