import { basename, dirname, extname, join } from 'node:path';
import type { Db } from './database.js';

/**
 * The call journal (calls, their events, dials) lives in a file of its own next to the main
 * one, attached to every connection as schema `journal`. SQLite has one write lock per file:
 * a bulk sync or import writing customers on the write thread never holds the lock a ringing
 * call's journal entry needs, so a popup never waits for customer data being written.
 * Statements name the tables without schema; SQLite finds them in the attached file.
 */
export const JOURNAL_TABLES = ['calls', 'call_events', 'dials'] as const;

/** `data/ringside.sqlite` -> `data/ringside-journal.sqlite`. */
export function journalFileOf(file: string): string {
  if (file === ':memory:') return ':memory:';
  const ext = extname(file);
  return join(dirname(file), `${basename(file, ext)}-journal${ext || '.sqlite'}`);
}

export function attachJournal(db: Db, file: string): void {
  db.prepare(`ATTACH DATABASE ? AS journal`).run(journalFileOf(file));
  if (file !== ':memory:') db.pragma('journal.journal_mode = WAL');
  db.pragma('journal.synchronous = NORMAL');
}

const tablesIn = (db: Db, schema: 'main' | 'journal'): string[] =>
  db.prepare(`SELECT name FROM ${schema}.sqlite_master WHERE type = 'table'`).pluck().all() as string[];

/**
 * Schema step 11: move the journal tables from the main file into the journal file, keeping
 * every row and the event-id sequence (clients resume from the last id they saw, so an id must
 * never be handed out twice). Two transactions, one per file: first copy (re-runnable, nothing
 * is dropped yet), then drop from the main file. A crash in between leaves both copies and the
 * next start finishes the move; it never loses the journal.
 */
export function moveJournalTables(db: Db): void {
  copyJournalTables(db);
  dropMovedTables(db);
}

/** The first half of the move, on its own: copy what the main file holds (re-runnable). */
export function copyJournalTables(db: Db): void {
  const inMain = new Set(tablesIn(db, 'main'));
  const schema = db.prepare(`SELECT type, name, tbl_name, sql FROM main.sqlite_master WHERE tbl_name = ? AND sql IS NOT NULL`);
  db.transaction(() => {
    for (const table of JOURNAL_TABLES) {
      if (!inMain.has(table)) continue;
      const objects = schema.all(table) as { type: string; name: string; sql: string }[];
      for (const o of objects.filter((x) => x.type === 'table')) db.exec(qualify(o.sql, 'TABLE'));
      db.exec(`INSERT OR IGNORE INTO journal.${table} SELECT * FROM main.${table}`);
      for (const o of objects.filter((x) => x.type === 'index')) db.exec(qualify(o.sql, 'INDEX'));
    }
    if (inMain.has('call_events')) {
      const seq = db.prepare(`SELECT seq FROM main.sqlite_sequence WHERE name = 'call_events'`).pluck().get() as number | undefined;
      if (seq !== undefined) {
        db.prepare(`DELETE FROM journal.sqlite_sequence WHERE name = 'call_events' AND seq < ?`).run(seq);
        db.prepare(`INSERT INTO journal.sqlite_sequence (name, seq) SELECT 'call_events', ? WHERE NOT EXISTS (SELECT 1 FROM journal.sqlite_sequence WHERE name = 'call_events')`).run(seq);
      }
    }
  })();
}

function dropMovedTables(db: Db): void {
  const inMain = new Set(tablesIn(db, 'main'));
  db.transaction(() => {
    // Children first: call_events refers to calls.
    for (const table of ['call_events', 'calls', 'dials']) if (inMain.has(table)) db.exec(`DROP TABLE main.${table}`);
  })();
}

/** `CREATE TABLE calls (...)` -> `CREATE TABLE IF NOT EXISTS journal.calls (...)`, likewise indexes. */
function qualify(sql: string, kind: 'TABLE' | 'INDEX'): string {
  const m = new RegExp(`^CREATE\\s+(UNIQUE\\s+)?${kind}\\s+(IF\\s+NOT\\s+EXISTS\\s+)?("?)(\\w+)\\3`, 'i').exec(sql);
  if (!m) throw new Error(`cannot move to the journal file: ${sql.slice(0, 80)}`);
  return `CREATE ${m[1] ?? ''}${kind} IF NOT EXISTS journal.${m[4]}${sql.slice(m[0].length)}`;
}

/** A main file that has moved its journal must find it: starting with an empty one would reuse event ids. */
export function checkJournal(db: Db, file: string): void {
  const present = new Set(tablesIn(db, 'journal'));
  const missing = JOURNAL_TABLES.filter((t) => !present.has(t));
  if (missing.length > 0) {
    throw new Error(
      `the call journal ${journalFileOf(file)} is missing or incomplete (${missing.join(', ')}); restore it from the backup taken with ${file}`,
    );
  }
}
