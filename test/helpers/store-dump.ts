import Database from 'better-sqlite3';

/**
 * Everything a run could have written to an SQLite store file, row by row: every table but
 * SQLite's own, the search index (derived from customers) and leases, and every setting but
 * the connectors' last-run records (a failed run records that it failed). Compared before and
 * after a run that must change nothing.
 */
export function dumpStore(file: string): Record<string, unknown[]> {
  const db = new Database(file, { readonly: true });
  try {
    const tables = db
      .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'customer_search%' AND name <> 'leases' ORDER BY name`)
      .pluck()
      .all() as string[];
    const dump: Record<string, unknown[]> = {};
    for (const t of tables) {
      const where = t === 'settings' ? ` WHERE key NOT LIKE 'connector-run:%'` : '';
      dump[t] = db.prepare(`SELECT * FROM "${t}"${where} ORDER BY rowid`).all();
    }
    return dump;
  } finally {
    db.close();
  }
}
