import type { CountryCode } from 'libphonenumber-js';
import { AgentDirectory } from '../bridge/src/agents/directory.js';
import type { CallEvent } from '../bridge/src/calls/call-event.js';
import { CallService } from '../bridge/src/calls/call-service.js';
import { createLookup } from '../bridge/src/calls/lookup-service.js';
import { normalizeCustomer } from '../bridge/src/customers/normalize-customer.js';
import { openPostgresStore } from '../bridge/src/store/postgres/index.js';
import { openSqliteStore } from '../bridge/src/store/sqlite/index.js';
import type { Store } from '../bridge/src/store/store.js';
import { startPostgres } from '../test/helpers/postgres.js';
import { CustomerBase } from './customers.js';
import { runBench, say } from './harness.js';
import { treeCpuMs } from './processes.js';
import { textTable } from './stats.js';

/**
 * `npm run bench:store`: what one call (ringing, answered, ended: three journaled events, with
 * the caller lookup) costs in CPU on SQLite and on PostgreSQL, through the unmodified
 * CallService and stores, in one process, same calls, same run. For PostgreSQL the server's own
 * CPU (postmaster and backends, from /proc) is counted next to the bridge's. The PostgreSQL
 * server is a throwaway one with fsync off: the figures are CPU, not disk.
 *
 *   npm run bench:store -- --calls 2000 --customers 5000 --parallel 16
 */

interface Options {
  calls: number;
  customers: number;
  parallel: number;
}

function parseArgs(argv: string[]): Options {
  const opts: Options = { calls: 2000, customers: 5000, parallel: 16 };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i]!.split('=', 2) as [string, string | undefined];
    const key = flag.replace(/^--/, '');
    if (!(key in opts)) throw new Error(`unknown option ${flag} (use --calls N, --customers N, --parallel N)`);
    const value = Number((inline ?? argv[++i])?.replace(/[_,]/g, ''));
    if (!Number.isInteger(value) || value < 1) throw new Error(`${flag} needs a whole number`);
    opts[key as keyof Options] = value;
  }
  return opts;
}

async function measure(store: Store, opts: Options, serverCpu: () => number): Promise<{ wallMs: number; bridgeMs: number; serverMs: number }> {
  const numbering = { country: 'DE' as CountryCode, trunkPrefix: null };
  const base = new CustomerBase();
  for (const { customerNo, input } of base.customers(opts.customers)) await store.customers.put(customerNo, normalizeCustomer(input, numbering));
  const agents = new AgentDirectory(store.agents);
  await agents.load();
  const quiet = () => undefined;
  const calls = new CallService({
    store,
    lookup: createLookup(store, numbering),
    agents,
    numbering,
    publisher: { publish: quiet },
    clock: () => new Date(),
    log: { debug: quiet, info: quiet, warn: quiet, error: quiet },
  });
  const callers = base.callers(opts.calls);
  const event = (kind: CallEvent['kind'], callId: string, from: string): CallEvent => ({
    kind,
    source: 'generic',
    callId,
    from,
    to: '21',
    direction: 'in',
    agents: ['21'],
    answeredBy: kind === 'ringing' ? null : '21',
    cause: kind === 'ended' ? 'normalClearing' : null,
    at: null,
    linkedId: null,
  });
  const cpu0 = process.cpuUsage();
  const server0 = serverCpu();
  const t0 = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: opts.parallel }, async () => {
      for (let i = next++; i < callers.length; i = next++) {
        const callId = `bench-${i}`;
        for (const kind of ['ringing', 'answered', 'ended'] as const) await calls.ingest(event(kind, callId, callers[i]!.from));
      }
    }),
  );
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { wallMs, bridgeMs: (cpu.user + cpu.system) / 1000, serverMs: serverCpu() - server0 };
}

runBench(async (ctx) => {
  const opts = parseArgs(process.argv.slice(2));
  say(`Store cost: ${opts.calls} calls x 3 events, ${opts.customers} customers, ${opts.parallel} calls in flight`);
  const sqlite = openSqliteStore(`${ctx.dir}/bench.sqlite`);
  const onSqlite = await measure(sqlite, opts, () => 0).finally(() => sqlite.close());

  const server = await startPostgres();
  ctx.closers.push(() => void server.stop());
  const pg = await openPostgresStore(await server.createDatabase(), { poolSize: 10 });
  const onPostgres = await measure(pg, opts, () => treeCpuMs(server.pid())).finally(() => pg.close());

  const per = (ms: number) => (ms / opts.calls).toFixed(2);
  const rows = [
    ['SQLite (file, WAL)', (opts.calls / (onSqlite.wallMs / 1000)).toFixed(0), per(onSqlite.bridgeMs), '-', per(onSqlite.bridgeMs)],
    [
      'PostgreSQL (fsync off)',
      (opts.calls / (onPostgres.wallMs / 1000)).toFixed(0),
      per(onPostgres.bridgeMs),
      per(onPostgres.serverMs),
      per(onPostgres.bridgeMs + onPostgres.serverMs),
    ],
  ];
  say(textTable('CPU per call (3 events, lookup included)', ['store', 'calls/s', 'bridge ms/call', 'server ms/call', 'total ms/call'], rows));
});
