import { statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { cachedDatabase, copyDatabase } from './cached-db.js';
import { numberList, runBench, say, seconds, type BenchContext } from './harness.js';
import type { Child } from './processes.js';
import { connectAgent, createAgent, startBridge, webhookPoster } from './servers.js';
import { fmtInt, fmtMb, textTable } from './stats.js';

/**
 * `npm run bench:footprint`: the bridge process on a 1,000,000-customer database: start-up time
 * (spawn -> /readyz 200, through the launcher as `npm start` runs it; median of 3) and resident memory
 * (VmRSS of the node process) right after start and after 1,000 calls, against a goal of 250 MB.
 * An empty database's start is measured too, so what the customer count adds is visible.
 */
const { values: args } = parseArgs({
  options: {
    customers: { type: 'string', default: '1000000' },
    calls: { type: 'string', default: '1000' },
    starts: { type: 'string', default: '3' },
    quick: { type: 'boolean', default: false },
  },
});
const opts = {
  customers: numberList('--customers', args.customers)[0]!,
  calls: args.quick ? 200 : numberList('--calls', args.calls)[0]!,
  starts: args.quick ? 1 : numberList('--starts', args.starts)[0]!,
};
const GOAL_MB = 250;

const mb = (kb: number | null) => (kb === null ? 'n/a' : fmtMb(kb * 1024));
const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor((v.length - 1) / 2)]!;

async function stop(children: Child[], child: Child): Promise<void> {
  await child.stop();
  children.splice(children.indexOf(child), 1);
}

async function run({ dir, children, closers }: BenchContext): Promise<void> {
  const started = performance.now();
  const db = await cachedDatabase(opts.customers, say);
  const dbFile = copyDatabase(db, dir);
  const dbBytes = statSync(dbFile).size;

  say('Starting the bridge on an empty database (for comparison)');
  const empty = await startBridge(children, { dbFile: join(dir, 'empty.sqlite'), cwd: dir, pollMs: 10 });
  const emptyRss = empty.child.serverRssKb();
  await stop(children, empty.child);

  const startMs: number[] = [];
  const startRss: (number | null)[] = [];
  let bridge: Awaited<ReturnType<typeof startBridge>> | undefined;
  for (let k = 0; k < opts.starts; k++) {
    say(`Start ${k + 1} of ${opts.starts} on ${fmtInt(db.customers)} customers (${fmtMb(dbBytes)})`);
    bridge = await startBridge(children, { dbFile, cwd: dir, pollMs: 10 });
    startMs.push(bridge.startMs);
    startRss.push(bridge.child.serverRssKb());
    if (k < opts.starts - 1) await stop(children, bridge.child);
  }
  const b = bridge!;

  say(`Posting ${fmtInt(opts.calls)} ringing webhooks, one after another, to one connected agent`);
  const { token } = await createAgent(b.base, 'Footprint Agent', ['21']);
  const socket = await connectAgent(b.base, token);
  const poster = webhookPoster(b.base);
  closers.push(() => socket.close(), () => poster.close());
  for (let i = 0; i < opts.calls; i++) {
    const callId = `fp-${i}`;
    const arrival = socket.next(`${callId}:ringing`);
    const res = await poster.post(JSON.stringify({ event: 'ringing', callId, from: db.callers[i % db.callers.length]!.from, agents: ['21'] }));
    if (res.status !== 202) throw new Error(`POST answered ${res.status}: ${res.body.slice(0, 200)}`);
    await arrival;
  }
  const afterCalls = b.child.serverRssKb();
  await new Promise((r) => setTimeout(r, 2000));
  const settled = b.child.serverRssKb();
  const peak = b.child.serverMemKb('VmHWM');

  const worst = Math.max(...[...startRss, afterCalls, settled, peak].map((v) => v ?? 0)) / 1024;
  say('');
  say(
    textTable(
      `Bridge footprint (${fmtInt(db.customers)} customers, database ${fmtMb(dbBytes)}; VmRSS of the bridge's node process, started as npm start does)`,
      ['measure', 'value'],
      [
        ['start-up, spawn -> /readyz 200', `median ${fmtInt(Math.round(median(startMs)))} ms (runs: ${startMs.map((v) => fmtInt(Math.round(v))).join(', ')} ms)`],
        ['RSS right after start', `${startRss.map(mb).join(', ')}`],
        [`RSS after ${fmtInt(opts.calls)} calls`, mb(afterCalls)],
        ['RSS 2 s later', mb(settled)],
        ['peak RSS (VmHWM)', mb(peak)],
        ['RSS after start, empty database', mb(emptyRss)],
        [`goal < ${GOAL_MB} MB`, worst < GOAL_MB ? `met (highest ${worst.toFixed(1)} MB)` : `NOT met (highest ${worst.toFixed(1)} MB)`],
      ],
    ),
  );
  say(`total              ${seconds(performance.now() - started)}`);
}

runBench(run);
