import { parseArgs } from 'node:util';
import type { ConnectorRunView } from '@ringside/shared';
import { loadConfigOrExit } from '../config.js';
import { ConnectorCatalog } from '../connectors/catalog.js';
import { ConnectorRunner } from '../connectors/runner.js';
import { RuntimeSettings } from '../settings/runtime-settings.js';
import { openStore } from '../store/open-store.js';
import { SourceLocks, SyncBusyError, runSyncOfBytes } from '../sync/index.js';
import { createLogger } from '../util/logger.js';

const USAGE = `usage: npm run sync [-- --id <connector>]

Runs the connectors of RINGSIDE_CONNECTORS and of the admin console once each (or only --id),
as a full sync into the bridge's database (RINGSIDE_DATABASE_URL, else RINGSIDE_DB), and prints what each changed. For cron and CI.
A connector that the bridge (or another npm run sync) is running right now is skipped, not run twice.
Exit code: 0 every run succeeded, 1 a run failed, 2 the configuration or --id could not be used,
3 no run failed but a connector was skipped because it was running elsewhere.`;

/** Exit code when a connector was left alone because another process was running it. */
export const EXIT_BUSY = 3;

const out = (s: string) => process.stdout.write(`${s}\n`);
const err = (s: string) => process.stderr.write(`${s}\n`);

function stop(message: string, code = 2): never {
  err(`ringside sync: ${message}`);
  process.exit(code);
}

function args() {
  try {
    return parseArgs({ options: { id: { type: 'string', multiple: true }, help: { type: 'boolean', short: 'h', default: false } } });
  } catch (e) {
    return stop(`${(e as Error).message}\n${USAGE}`);
  }
}

/** "customers 1 new, 3 changed, 2 removed, 105 unchanged" */
export function describeRun(view: ConnectorRunView): string {
  if (!view.ok) return `FAILED after ${view.durationMs} ms: ${view.error}`;
  const parts = Object.entries(view.counts).map(([kind, c]) => `${kind} ${c.created} new, ${c.updated} changed, ${c.deleted} removed, ${c.unchanged} unchanged${c.failed ? `, ${c.failed} refused` : ''}`);
  return `ok in ${view.durationMs} ms: ${parts.join('; ')}${view.problems.length ? `; ${view.problems.length} records skipped` : ''}`;
}

async function main(): Promise<void> {
  const { values } = args();
  if (values.help) {
    out(USAGE);
    return;
  }
  const config = loadConfigOrExit(process.env, 'ringside sync');
  const log = createLogger(config.logLevel === 'debug' ? 'debug' : 'warn', (line) => process.stderr.write(line));
  const store = await openStore(config, log);
  let failed = false;
  let skipped = false;
  try {
    const settings = await RuntimeSettings.load(store.settings, config, log);
    const catalog = await ConnectorCatalog.load(store.settings, config.connectorsFile);
    const ids = values.id ?? catalog.list().map((e) => e.config.id);
    for (const id of ids) if (!catalog.get(id)) stop(`--id ${id}: no such connector (configured: ${catalog.list().map((e) => e.config.id).join(', ') || 'none'})`);
    if (ids.length === 0) stop('no connectors configured: set RINGSIDE_CONNECTORS or add one in the admin console');
    // The store's leases: the bridge and other `npm run sync` processes on this database see this run.
    const locks = new SourceLocks(store.leases, { log });
    const runner = new ConnectorRunner({
      catalog,
      settings: store.settings,
      locks,
      sync: (source, ndjson, held) => runSyncOfBytes({ store, numbering: settings.numbering, locks: held, log }, { source, full: true }, ndjson),
      numbering: settings.numbering,
      log,
    });
    for (const id of ids) {
      let view: ConnectorRunView;
      try {
        view = await runner.run(id);
      } catch (e) {
        if (e instanceof SyncBusyError) {
          skipped = true;
          out(`${id}: SKIPPED: it is running in the bridge or another npm run sync right now; this run did nothing`);
        } else {
          // The lease could not be asked for (the database is away): nothing was run.
          failed = true;
          out(`${id}: FAILED before it started: ${e instanceof Error ? e.message : String(e)}`);
        }
        continue;
      }
      failed ||= !view.ok;
      out(`${id}: ${describeRun(view)}`);
      for (const p of view.problems.slice(0, 10)) out(`  ${p.where}: ${p.field}: ${p.message}`);
    }
    await runner.stop();
  } finally {
    await store.close();
  }
  process.exitCode = failed ? 1 : skipped ? EXIT_BUSY : 0;
}

await main();
