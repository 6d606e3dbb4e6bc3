import { openDatabase, type Db } from '../sqlite/database.js';
import type { PgDatabase, Queryable } from './database.js';
import { migrate } from './migrate.js';

/** Parents before children, so every foreign key finds its row. */
const TABLES = [
  'customers',
  'contacts',
  'phones',
  'documents',
  'conversations',
  'agents',
  'agent_identifiers',
  'calls',
  'call_events',
  'settings',
  'admin_sessions',
  'dials',
  'unmapped_identifiers',
  'refused_origins',
] as const;
/**
 * SQLite's own bookkeeping, the FTS index (PostgreSQL keeps its search text in `customers`) and
 * leases (held by processes on the old database, meaningless on the new one).
 */
const NOT_DATA = /^(sqlite_|customer_search|leases$)/;
const BATCH = 1000;
/** Columns only SQLite needs: customers.id is the rowid its FTS index is keyed by. */
const SQLITE_ONLY: Record<string, string[]> = { customers: ['id'] };

export class CopyRefused extends Error {}

export interface CopyResult {
  rows: Record<string, number>;
  lastEventId: number;
}

/**
 * Copy every row of an SQLite database into a PostgreSQL one, in one PostgreSQL transaction:
 * either all of it arrives or nothing does. A target that already holds data is refused unless
 * `replace` is set, which empties it first (so running the copy twice gives the same result).
 * Columns are matched by name; one the target lacks stops the copy rather than be dropped.
 */
export async function copySqliteToPostgres(sqliteFile: string, pg: PgDatabase, options: { replace: boolean }): Promise<CopyResult> {
  const sqlite = openDatabase(sqliteFile);
  try {
    const unknown = (sqlite.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).pluck().all() as string[]).filter(
      (t) => !NOT_DATA.test(t) && !(TABLES as readonly string[]).includes(t),
    );
    if (unknown.length > 0) throw new CopyRefused(`tables this copy does not know: ${unknown.join(', ')}; upgrade Ringside`);
    await migrate(pg);
    return await pg.tx(async (t) => {
      const filled = [];
      for (const table of TABLES) if ((await t.query(`SELECT 1 FROM ${table} LIMIT 1`)).rowCount) filled.push(table);
      if (filled.length > 0 && !options.replace) {
        throw new CopyRefused(`the PostgreSQL database already holds data (${filled.join(', ')}); use --replace to overwrite it`);
      }
      await t.query(`TRUNCATE ${TABLES.join(', ')} RESTART IDENTITY`);
      const rows: Record<string, number> = {};
      for (const table of TABLES) rows[table] = await copyTable(sqlite, t, table);
      await rebuildSearch(sqlite, t);
      // Clients resume from event ids: continue after the highest the SQLite file ever handed out.
      const last = sqlite
        .prepare(`SELECT MAX(COALESCE((SELECT seq FROM journal.sqlite_sequence WHERE name = 'call_events'), 0), COALESCE((SELECT MAX(event_id) FROM call_events), 0))`)
        .pluck()
        .get() as number;
      await t.query(`UPDATE journal_clock SET last_event_id = $1`, [last]);
      for (const table of ['contacts', 'phones', 'conversations', 'calls', 'dials']) {
        await t.query(`SELECT setval(pg_get_serial_sequence($1, 'id'), GREATEST((SELECT MAX(id) FROM ${table}), 1), (SELECT MAX(id) FROM ${table}) IS NOT NULL)`, [table]);
      }
      return { rows, lastEventId: last };
    });
  } finally {
    sqlite.close();
  }
}

async function copyTable(sqlite: Db, t: Queryable, table: string): Promise<number> {
  const source = (sqlite.prepare(`SELECT name FROM pragma_table_info(?)`).pluck().all(table) as string[]).filter(
    (c) => !SQLITE_ONLY[table]?.includes(c),
  );
  const { rows: targetColumns } = await t.query<{ column_name: string; data_type: string }>(
    `SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1`,
    [table],
  );
  const types = new Map(targetColumns.map((c) => [c.column_name, c.data_type]));
  const missing = source.filter((c) => !types.has(c));
  if (missing.length > 0) throw new CopyRefused(`${table}: PostgreSQL has no column ${missing.join(', ')}; upgrade Ringside`);
  const convert = (column: string, v: unknown): unknown => {
    if (v === null) return null;
    if (types.get(column) === 'boolean') return v === 1;
    if (types.get(column) === 'jsonb') return JSON.parse(String(v));
    return v;
  };
  const columns = source.map((c) => `"${c}"`).join(', ');
  const page = sqlite.prepare(`SELECT rowid AS _copy_rowid, * FROM "${table}" WHERE rowid > ? ORDER BY rowid LIMIT ${BATCH}`);
  let after = 0;
  let copied = 0;
  for (;;) {
    const batch = page.all(after) as Record<string, unknown>[];
    if (batch.length === 0) return copied;
    after = batch[batch.length - 1]!._copy_rowid as number;
    const records = batch.map((r) => Object.fromEntries(source.map((c) => [c, convert(c, r[c])])));
    // One statement per batch: the rows travel as one JSON parameter.
    await t.query(`INSERT INTO ${table} (${columns}) SELECT ${columns} FROM json_populate_recordset(NULL::${table}, $1)`, [JSON.stringify(records)]);
    copied += batch.length;
  }
}

/** The search column from SQLite's own index text: the same folded text (openDatabase migrated it). */
async function rebuildSearch(sqlite: Db, t: Queryable): Promise<void> {
  const page = sqlite.prepare(`SELECT rowid AS id, customer_no, body FROM customer_search WHERE rowid > ? ORDER BY rowid LIMIT ${BATCH}`);
  let after = 0;
  for (;;) {
    const batch = page.all(after) as { id: number; customer_no: string; body: string }[];
    if (batch.length === 0) return;
    after = batch[batch.length - 1]!.id;
    await t.query(
      `UPDATE customers c SET search_text = s.text FROM unnest($1::text[], $2::text[]) AS s(no, text) WHERE c.customer_no = s.no`,
      [batch.map((r) => r.customer_no), batch.map((r) => r.body)],
    );
  }
}
