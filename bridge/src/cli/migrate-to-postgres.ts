import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadConfigOrExit } from '../config.js';
import { describeStore } from '../store/open-store.js';
import { CopyRefused, copySqliteToPostgres } from '../store/postgres/copy-from-sqlite.js';
import { PgDatabase } from '../store/postgres/database.js';

const USAGE = `usage: RINGSIDE_DATABASE_URL=postgres://... npm run migrate-to-postgres -- [--replace]

Copies everything in the SQLite database RINGSIDE_DB (default ./data/ringside.sqlite) into the
PostgreSQL database RINGSIDE_DATABASE_URL: customers, contacts, documents, conversations,
agents, the call journal, settings and admin sessions, in one transaction. Stop the bridge
first. A PostgreSQL database that already holds data is refused; --replace empties it first.`;

function stop(message: string, code = 2): never {
  process.stderr.write(`ringside migrate-to-postgres: ${message}\n`);
  process.exit(code);
}

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({ options: { replace: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } } });
  } catch (e) {
    return stop(`${(e as Error).message}\n${USAGE}`);
  }
  if (parsed.values.help) return void process.stdout.write(`${USAGE}\n`);
  const config = loadConfigOrExit(process.env, 'ringside migrate-to-postgres');
  if (!config.database) stop(`RINGSIDE_DATABASE_URL is not set\n${USAGE}`);
  // Opening would create an empty SQLite file where the path is mistyped.
  if (!existsSync(config.dbFile)) stop(`no SQLite database at ${config.dbFile} (set RINGSIDE_DB)`);

  const pg = new PgDatabase(config.database.url, { poolSize: 2 });
  try {
    const result = await copySqliteToPostgres(config.dbFile, pg, { replace: parsed.values.replace });
    const counts = Object.entries(result.rows).map(([table, n]) => `${table} ${n}`).join(', ');
    process.stderr.write(`Copied ${config.dbFile} to ${describeStore(config)}: ${counts}; next event id ${result.lastEventId + 1}.\n`);
  } catch (e) {
    stop((e as Error).message, e instanceof CopyRefused ? 3 : 1);
  } finally {
    await pg.close();
  }
}

void main();
