import type { Db } from './database.js';

/** A statement that changes rows, and the tables of the journal file (which never waits for the write thread). */
const WRITE = /^\s*(?:WITH\b[\s\S]*?\)\s*)?(?:INSERT|UPDATE|DELETE|REPLACE)\b/i;
const JOURNAL_WRITE = /^\s*(?:INSERT(?:\s+OR\s+\w+)?\s+INTO|UPDATE(?:\s+OR\s+\w+)?|DELETE\s+FROM|REPLACE\s+INTO)\s+(?:journal\.)?(?:calls|call_events|dials)\b/i;

/**
 * A check for tests (RINGSIDE_CHECK_WRITE_TURNS=1): every statement the event loop's connection
 * runs that writes the data file must run in the event loop's turn (WriteThread.gate), else it
 * throws. The store's methods that take turns are a list kept by hand (WRITES in index.ts); a
 * method that writes the data file and is missing from it would wait on SQLite's lock,
 * blocking the event loop, while the thread writes. With this check on, the test suites that
 * exercise every method find such a method, whether the thread runs at that moment or not.
 */
export function requireTurnsForDataFileWrites(db: Db, inTurn: () => boolean): void {
  const prepare = db.prepare.bind(db);
  db.prepare = ((source: string) => {
    const stmt = prepare(source);
    if (stmt.reader && !/\bRETURNING\b/i.test(source)) return stmt;
    if (!WRITE.test(source) || JOURNAL_WRITE.test(source)) return stmt;
    for (const method of ['run', 'get', 'all', 'iterate'] as const) {
      const original = (stmt[method] as (...args: unknown[]) => unknown).bind(stmt);
      (stmt as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
        if (!inTurn()) throw new Error(`a write to the data file outside the event loop's turn (add the store method to WRITES): ${source.trim().slice(0, 120)}`);
        return original(...args);
      };
    }
    return stmt;
  }) as Db['prepare'];
}
