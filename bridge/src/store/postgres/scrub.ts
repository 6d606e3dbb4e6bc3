import type { PgDatabase, Queryable } from './database.js';

/**
 * Tables that hold a customer's personal data (with their indexes and TOAST): what a deleted
 * customer leaves behind in them until they are rewritten.
 */
export const PERSONAL_DATA_TABLES = ['customers', 'contacts', 'phones', 'documents', 'conversations', 'calls', 'call_events', 'dials'] as const;

/** Settings key: when the first deletion of personal data since the last scrub happened. */
export const SCRUB_PENDING = 'erasure.scrubPendingSince';

/**
 * PostgreSQL has no `secure_delete`: a deleted row's bytes stay in the table's and its indexes'
 * pages, and plain VACUUM only marks the space reusable without overwriting it (measured: the
 * erased name is still in the heap and in a btree index after VACUUM). Only rewriting the table
 * removes them. Deletions note that a scrub is due, in their own transaction.
 */
export async function noteScrubPending(t: Queryable, at: string): Promise<void> {
  await t.query(`INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING`, [SCRUB_PENDING, at]);
}

export interface ScrubOptions {
  /** How long to wait for a table's lock before giving up (an open transaction holds it). */
  lockTimeoutMs: number;
  onTable?: (table: string, ms: number) => void;
}

/**
 * Rewrite every personal-data table (`VACUUM FULL`), so rows deleted before the scrub are gone
 * from the data files, then clear the pending note. Each rewrite holds the table's exclusive
 * lock while it runs: lookups and popups wait for it, so run it in a quiet hour
 * (`npm run scrub-postgres`). A table whose lock does not come within `lockTimeoutMs` fails the
 * scrub instead of queueing every reader behind it; the note is put back, so the next run does it.
 */
export async function scrubDeletedRows(db: PgDatabase, options: ScrubOptions): Promise<{ since: string | null }> {
  const since = (await db.query<{ value: string }>(`SELECT value FROM settings WHERE key = $1`, [SCRUB_PENDING])).rows[0]?.value ?? null;
  // Taken off before the rewrites: a deletion while they run notes a scrub due again.
  if (since !== null) await db.query(`DELETE FROM settings WHERE key = $1 AND value = $2`, [SCRUB_PENDING, since]);
  const client = await db.main.connect();
  let broken: Error | undefined;
  try {
    // The pool's statement timeout is for requests; a rewrite of a large table takes longer.
    await client.query(`SET statement_timeout = 0`);
    await client.query(`SET lock_timeout = ${Math.max(1, Math.round(options.lockTimeoutMs))}`);
    for (const table of PERSONAL_DATA_TABLES) {
      const started = performance.now();
      await client.query(`VACUUM (FULL, ANALYZE) ${table}`);
      options.onTable?.(table, performance.now() - started);
    }
    return { since };
  } catch (err) {
    broken = err instanceof Error ? err : new Error(String(err));
    // Still due: the next run does it.
    if (since !== null) await noteScrubPending(db, since).catch(() => undefined);
    throw err;
  } finally {
    // Session settings must not reach the next user of this connection: discard it.
    client.release(broken ?? true);
  }
}
