import type { PgDatabase } from './database.js';
import { migrations } from './migrations.js';

/** Any constant: two bridges starting at once take turns migrating instead of racing. */
const MIGRATION_LOCK = 7_112_014_016;

/** Bring the database's schema up to date in one transaction, under a lock. */
export async function migrate(db: PgDatabase): Promise<void> {
  await db.tx(async (c) => {
    await c.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await c.query(`CREATE TABLE IF NOT EXISTS ringside_schema (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
    const { rows } = await c.query<{ v: number | null }>('SELECT max(version) AS v FROM ringside_schema');
    const current = rows[0]?.v ?? 0;
    if (current > migrations.length) {
      throw new Error(`database schema version ${current} is newer than this bridge (${migrations.length}); upgrade Ringside`);
    }
    // DDL is transactional in PostgreSQL: all pending steps commit together, or none does.
    for (let version = current; version < migrations.length; version++) {
      await c.query(migrations[version]!);
      await c.query('INSERT INTO ringside_schema (version) VALUES ($1)', [version + 1]);
    }
  });
}
