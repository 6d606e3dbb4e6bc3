import { parseArgs } from 'node:util';
import { loadConfigOrExit } from '../config.js';
import { describeStore } from '../store/open-store.js';
import { PgDatabase } from '../store/postgres/database.js';
import { SCRUB_PENDING, scrubDeletedRows } from '../store/postgres/scrub.js';

const USAGE = `usage: RINGSIDE_DATABASE_URL=postgres://... npm run scrub-postgres -- [--if-pending] [--lock-timeout-ms 5000]

Rewrites the tables that hold personal data (VACUUM FULL), so that customers erased or deleted
since the last run are gone from PostgreSQL's data files, not only unreachable. Each table is
locked while it is rewritten: popups wait, so run it in a quiet hour (cron). --if-pending does
nothing unless something was deleted since the last scrub. A table whose lock does not come
within the lock timeout (a long transaction holds it) stops the run with exit code 1; the next
run does it.`;

function stop(message: string, code = 2): never {
  process.stderr.write(`ringside scrub-postgres: ${message}\n`);
  process.exit(code);
}

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      options: {
        'if-pending': { type: 'boolean', default: false },
        'lock-timeout-ms': { type: 'string', default: '5000' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (e) {
    return stop(`${(e as Error).message}\n${USAGE}`);
  }
  if (parsed.values.help) return void process.stdout.write(`${USAGE}\n`);
  const lockTimeoutMs = Number(parsed.values['lock-timeout-ms']);
  if (!Number.isInteger(lockTimeoutMs) || lockTimeoutMs < 1) stop(`--lock-timeout-ms must be a whole number of milliseconds\n${USAGE}`);
  const config = loadConfigOrExit(process.env, 'ringside scrub-postgres');
  if (!config.database) stop(`RINGSIDE_DATABASE_URL is not set (SQLite overwrites deleted rows at once and needs no scrub)\n${USAGE}`);

  const db = new PgDatabase(config.database.url, { poolSize: 2 });
  try {
    if (parsed.values['if-pending']) {
      const pending = await db.query(`SELECT 1 FROM settings WHERE key = $1`, [SCRUB_PENDING]);
      if (pending.rowCount === 0) return void process.stderr.write(`Nothing deleted since the last scrub of ${describeStore(config)}.\n`);
    }
    const { since } = await scrubDeletedRows(db, {
      lockTimeoutMs,
      onTable: (table, ms) => process.stderr.write(`  ${table}: rewritten in ${Math.round(ms)} ms\n`),
    });
    process.stderr.write(`Scrubbed ${describeStore(config)}${since ? ` (deletions since ${since})` : ''}.\n`);
  } catch (e) {
    stop((e as Error).message, 1);
  } finally {
    await db.close();
  }
}

void main();
