import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { cachedDatabase, callerCycle, copyDatabase } from './cached-db.js';
import type { Poster, Socket } from './client.js';
import type { Caller } from './customers.js';
import { numberList, runBench, say, seconds, type BenchContext } from './harness.js';
import { checkFdLimit } from './limits.js';
import { connectAgent, connectFloor, createAgents, floorPoster, openMany, startBridge, startFloor, webhookPoster } from './servers.js';
import { fmtInt, fmtMb, msRow, ratioRow, summarize, table, textTable, type Row, type Summary } from './stats.js';
import { messageVerdict } from './verdict.js';

/**
 * `npm run bench:load`: webhook -> agent socket latency under an open-loop load (calls are sent
 * on a schedule, never waiting for the previous one) against the real bridge on a
 * 1,000,000-customer database, with 1, 100 and 1,000 agent sockets, each call ringing one
 * agent's extension (and one cell ringing a group of 10); next to the floor server under the
 * same rates and socket counts. Also whether the rate was sustained (no growing backlog).
 *
 *   npm run bench:load -- --quick                      (3 s per cell)
 *   npm run bench:load -- --agents 1000 --rates 500     (pick cells; --group-rate 0: no ring group)
 *   npm run bench:load -- --profile /tmp/prof           (CPU profile of the bridge)
 */
const { values: args } = parseArgs({
  options: {
    customers: { type: 'string', default: '1000000' },
    rates: { type: 'string', default: '10,100,500' },
    agents: { type: 'string', default: '1,100,1000' },
    seconds: { type: 'string' },
    warmup: { type: 'string' },
    'group-rate': { type: 'string', default: '100' },
    'group-size': { type: 'string', default: '10' },
    concurrency: { type: 'string', default: '64' },
    quick: { type: 'boolean', default: false },
    profile: { type: 'string' },
  },
});
const opts = {
  customers: numberList('--customers', args.customers)[0]!,
  rates: numberList('--rates', args.rates),
  agents: numberList('--agents', args.agents).sort((a, b) => a - b),
  seconds: Number(args.seconds ?? (args.quick ? 3 : 15)),
  warmup: Number(args.warmup ?? (args.quick ? 1 : 2)),
  groupRate: Number(args['group-rate']),
  groupSize: numberList('--group-size', args['group-size'])[0]!,
  concurrency: numberList('--concurrency', args.concurrency)[0]!,
  profile: args.profile ? resolve(args.profile) : null,
};
const maxAgents = Math.max(...opts.agents, opts.groupRate > 0 ? opts.groupSize : 0);

/** A server under test, seen from the client: where to POST, and one socket per extension. */
interface Target<T> {
  name: string;
  poster: Poster;
  sockets: Socket<T>[];
  /** Whether the message names the right customer; the floor knows none. */
  verify: (caller: Caller, message: T) => string | null;
  body: (callId: string, caller: Caller, extensions: string[]) => string;
}

interface Cell {
  label: string;
  rate: number;
  /** Sockets the calls are spread over. */
  agents: number;
  /** Extensions each call rings. */
  group: number;
}

interface CallSample {
  /** Send time relative to the first measured call's schedule, ms. */
  sentAt: number;
  /** Send time minus schedule: how far the load generator fell behind. */
  lateMs: number;
  /** First and last ringing socket's arrival after the POST started. */
  firstMs: number;
  lastMs: number;
  /** Arrival of the last socket message, relative like sentAt. */
  doneAt: number;
}

interface CellResult {
  samples: CallSample[];
  errors: string[];
  wrong: string[];
  /** Schedule end (last measured send) and last arrival, relative like sentAt. */
  lastScheduled: number;
  lastDone: number;
}

const extensionOf = (i: number) => String(1000 + i);

async function runCell<T>(target: Target<T>, cell: Cell, nextCaller: () => Caller, cellId: string): Promise<CellResult> {
  const total = Math.round(cell.rate * (opts.warmup + opts.seconds));
  const warm = Math.round(cell.rate * opts.warmup);
  const interval = 1000 / cell.rate;
  const groups = Math.max(1, Math.floor(cell.agents / cell.group));
  const result: CellResult = { samples: [], errors: [], wrong: [], lastScheduled: 0, lastDone: 0 };
  const start = performance.now() + 20;
  const measuredFrom = start + warm * interval;

  const fire = async (i: number): Promise<void> => {
    const scheduled = start + i * interval;
    const caller = nextCaller();
    // Calls go round the agents (or groups), so with 1,000 agents each call reaches one socket.
    const first = (i % groups) * cell.group;
    const sockets = target.sockets.slice(first, first + cell.group);
    const extensions = sockets.map((_, k) => extensionOf(first + k));
    const callId = `${cellId}-${i}`;
    // Waiters first: the socket message can beat the HTTP answer.
    const arrivals = Promise.all(sockets.map((s) => s.next(`${callId}:ringing`, 20_000)));
    const body = target.body(callId, caller, extensions);
    const t0 = performance.now();
    try {
      const [got, res] = await Promise.all([arrivals, target.poster.post(body)]);
      if (res.status !== 202) throw new Error(`POST answered ${res.status}: ${res.body.slice(0, 200)}`);
      const ats = got.map((a) => a.at);
      const problem = target.verify(caller, got[0]!.message);
      if (problem) result.wrong.push(`${callId} from ${caller.from}: ${problem}`);
      if (i < warm) return;
      const last = Math.max(...ats);
      result.samples.push({
        sentAt: t0 - measuredFrom,
        lateMs: t0 - scheduled,
        firstMs: Math.min(...ats) - t0,
        lastMs: last - t0,
        doneAt: last - measuredFrom,
      });
      result.lastDone = Math.max(result.lastDone, last - measuredFrom);
    } catch (err) {
      arrivals.catch(() => undefined);
      result.errors.push(`${callId}: ${err instanceof Error ? err.message : String(err)}`);
    }
  };

  const pending: Promise<void>[] = [];
  await new Promise<void>((done) => {
    let i = 0;
    const tick = () => {
      const now = performance.now();
      while (i < total && start + i * interval <= now) pending.push(fire(i++));
      if (i >= total) return done();
      setTimeout(tick, Math.max(0, start + i * interval - performance.now()));
    };
    tick();
  });
  result.lastScheduled = (total - 1 - warm) * interval;
  await Promise.all(pending);
  return result;
}

interface Throughput {
  achieved: number;
  /** Fewest calls completed in any whole second of the measured window. */
  minPerSecond: number;
  firstThird: Summary;
  lastThird: Summary;
  drainMs: number;
  lateP99: number;
  sustained: string;
}

function throughput(cell: Cell, r: CellResult): Throughput {
  const s = [...r.samples].sort((a, b) => a.sentAt - b.sentAt);
  const third = Math.floor(s.length / 3);
  const firstThird = summarize(s.slice(0, third).map((x) => x.lastMs));
  const lastThird = summarize(s.slice(-third).map((x) => x.lastMs));
  const span = (r.lastDone - Math.min(0, s[0]?.sentAt ?? 0)) / 1000;
  const achieved = s.length / Math.max(span, opts.seconds);
  const perSecond = new Array<number>(Math.floor(opts.seconds)).fill(0);
  for (const x of s) {
    const k = Math.floor(x.doneAt / 1000);
    if (k >= 0 && k < perSecond.length) perSecond[k]!++;
  }
  const minPerSecond = Math.min(...perSecond);
  const drainMs = r.lastDone - r.lastScheduled;
  const problems: string[] = [];
  if (r.errors.length > 0) problems.push(`${r.errors.length} failed`);
  if (achieved < cell.rate * 0.97) problems.push('completes slower than offered');
  // A backlog shows as latency that keeps climbing: the last third much slower than the first.
  // (with 5 ms of slack: on a shared 2-core machine a few-ms median wobbles by itself).
  if (lastThird.p50 > firstThird.p50 * 1.5 + 5) problems.push('latency climbing');
  if (drainMs > 1000) problems.push(`drain ${fmtInt(Math.round(drainMs))} ms`);
  // A stall (a second in which far fewer calls completed than were offered) is a backlog too.
  if (minPerSecond < cell.rate * 0.8) problems.push(`stall: ${minPerSecond} done in the worst second`);
  return {
    achieved,
    minPerSecond,
    firstThird,
    lastThird,
    drainMs,
    lateP99: summarize(s.map((x) => x.lateMs)).p99,
    sustained: problems.length === 0 ? 'yes' : `NO: ${problems.join(', ')}`,
  };
}

async function run({ dir, children, closers }: BenchContext): Promise<void> {
  const started = performance.now();
  checkFdLimit(maxAgents * 2 + opts.concurrency * 2 + 100);
  const db = await cachedDatabase(opts.customers, say);
  say(`Database ${db.file} (${fmtInt(db.customers)} customers${db.seededMs === null ? ', cached' : ''}); copying it for the bridge`);
  const dbFile = copyDatabase(db, dir);

  say('Starting the bridge and the floor server');
  const [bridge, floor] = await Promise.all([
    startBridge(children, { dbFile, cwd: dir, nodeArgs: opts.profile ? ['--cpu-prof', `--cpu-prof-dir=${opts.profile}`] : [] }),
    startFloor(children),
  ]);
  say(`Creating ${fmtInt(maxAgents)} agents via POST /api/agents (extensions ${extensionOf(0)}..${extensionOf(maxAgents - 1)})`);
  const agents = await createAgents(bridge.base, maxAgents);

  const bridgeTarget: Target<Parameters<typeof messageVerdict>[1]> = {
    name: 'bridge',
    poster: webhookPoster(bridge.base, opts.concurrency),
    sockets: [],
    verify: messageVerdict,
    body: (callId, caller, extensions) => JSON.stringify({ event: 'ringing', callId, from: caller.from, to: '030 999999', agents: extensions }),
  };
  const floorTarget: Target<{ callId: string }> = {
    name: 'floor',
    poster: floorPoster(floor.base, opts.concurrency),
    sockets: [],
    verify: () => null,
    body: (callId, caller, extensions) => JSON.stringify({ event: 'ringing', callId, from: caller.from, to: '030 999999', agents: extensions }),
  };
  closers.push(
    () => bridgeTarget.poster.close(),
    () => floorTarget.poster.close(),
    () => [...bridgeTarget.sockets, ...floorTarget.sockets].forEach((s) => s.close()),
  );
  const connectUpTo = async (n: number) => {
    const have = bridgeTarget.sockets.length;
    if (n <= have) return;
    say(`Connecting agent sockets ${have + 1}..${n} to each server (hello/welcome on the bridge)`);
    bridgeTarget.sockets.push(...(await openMany(n - have, (k) => connectAgent(bridge.base, agents[have + k]!.token))));
    floorTarget.sockets.push(...(await openMany(n - have, (k) => connectFloor(floor.base, [extensionOf(have + k)]))));
  };

  const cells: Cell[] = [];
  for (const n of opts.agents) for (const rate of opts.rates) cells.push({ label: `${fmtInt(n)} agent${n > 1 ? 's' : ''}, ${rate} calls/s`, rate, agents: n, group: 1 });
  if (opts.groupRate > 0) {
    cells.push({ label: `ring group of ${opts.groupSize}, ${opts.groupRate}/s`, rate: opts.groupRate, agents: maxAgents, group: opts.groupSize });
  }

  const bridgeCallers = callerCycle(db.callers);
  const floorCallers = callerCycle(db.callers);
  const latencyRows: Row[] = [];
  const throughputRows: string[][] = [];
  const allWrong: string[] = [];
  const rssStartKb = bridge.child.serverRssKb();
  say(`Running ${cells.length} cells, ${opts.warmup} s warm-up + ${opts.seconds} s each, on the bridge and on the floor`);
  for (const [c, cell] of cells.entries()) {
    await connectUpTo(cell.agents);
    const order = c % 2 === 0 ? (['bridge', 'floor'] as const) : (['floor', 'bridge'] as const);
    const results: Partial<Record<'bridge' | 'floor', CellResult>> = {};
    for (const which of order) {
      results[which] =
        which === 'bridge'
          ? await runCell(bridgeTarget, cell, bridgeCallers, `c${c}-b`)
          : await runCell(floorTarget, cell, floorCallers, `c${c}-f`);
      // Let the server settle (GC, WAL checkpoint) so one cell's tail does not land in the next.
      await new Promise((r) => setTimeout(r, 500));
    }
    const b = results.bridge!;
    const f = results.floor!;
    allWrong.push(...b.wrong);
    const bLast = summarize(b.samples.map((s) => s.lastMs));
    const fLast = summarize(f.samples.map((s) => s.lastMs));
    const rows: Row[] = [{ label: cell.label, text: '' }];
    if (cell.group > 1) {
      rows.push(msRow(`  bridge, first socket`, summarize(b.samples.map((s) => s.firstMs))));
      rows.push(msRow(`  bridge, all ${cell.group} (n=${b.samples.length})`, bLast));
      rows.push(msRow(`  floor, all ${cell.group}`, fLast));
    } else {
      rows.push(msRow(`  bridge (n=${b.samples.length})`, bLast));
      rows.push(msRow(`  floor (n=${f.samples.length})`, fLast));
    }
    rows.push(ratioRow('  ratio bridge/floor', bLast, fLast));
    latencyRows.push(...rows);
    say(rows.map((r) => ('text' in r ? r.label : `${r.label.padEnd(30)}${r.cells.map((v) => (typeof v === 'number' ? v.toFixed(2) : v).padStart(9)).join('')}`)).join('\n'));
    for (const [name, r] of [['bridge', b], ['floor', f]] as const) {
      const t = throughput(cell, r);
      throughputRows.push([
        `${cell.label}, ${name}`,
        String(cell.rate),
        t.achieved.toFixed(1),
        String(t.minPerSecond),
        `${t.firstThird.p50.toFixed(1)} / ${t.lastThird.p50.toFixed(1)}`,
        `${t.firstThird.p99.toFixed(1)} / ${t.lastThird.p99.toFixed(1)}`,
        t.drainMs.toFixed(0),
        t.lateP99.toFixed(1),
        String(r.errors.length),
        t.sustained,
      ]);
      if (r.errors.length > 0) say(`  ${name} errors: ${r.errors.length}, first: ${r.errors[0]}`);
    }
  }
  const rssEndKb = bridge.child.serverRssKb();
  const dropped = [...bridgeTarget.sockets, ...floorTarget.sockets].filter((s) => s.closeInfo !== null).length;

  say('');
  say(
    table(
      `Webhook -> agent socket latency, open loop (${fmtInt(opts.customers)} customers; ${opts.warmup} s warm-up + ${opts.seconds} s per cell; each call rings one agent's extension)`,
      latencyRows,
    ),
  );
  say('');
  say(
    textTable(
      'Throughput: offered vs completed (achieved = completed / time from first send to last arrival; sustained = no errors, achieved >= 97% of offered, last-third p50 <= 1.5x first-third + 5 ms, every second >= 80% of offered, drain < 1 s)',
      ['cell', 'offered/s', 'achieved/s', 'min done in 1 s', 'p50 first/last third', 'p99 first/last third', 'drain ms', 'send late p99', 'errors', 'sustained'],
      throughputRows,
    ),
  );
  say('');
  const kb = (v: number | null) => (v === null ? 'n/a' : fmtMb(v * 1024));
  say(`bridge RSS         ${kb(rssStartKb)} after start, ${kb(rssEndKb)} after the matrix (peak ${kb(bridge.child.serverMemKb('VmHWM'))})`);
  say(`socket closes      ${dropped} of ${bridgeTarget.sockets.length * 2} client sockets during the run`);
  if (allWrong.length > 0) {
    say(`lookup mismatches  ${allWrong.length}:`);
    for (const w of allWrong.slice(0, 5)) say(`  ${w}`);
  } else say('lookups            every bridge call named the expected customer (exact / switchboard / unknown)');
  const warnings = bridge.child.output.split('\n').filter((l) => /"level":"(warn|error)"/.test(l));
  if (warnings.length > 0) say(`bridge warnings    ${warnings.length}, first: ${warnings[0]!.slice(0, 300)}`);
  if (opts.profile) say(`cpu profile        of the bridge written to ${opts.profile} when it stops`);
  say(`total              ${seconds(performance.now() - started)}; this machine is shared, so repeat a cell before trusting a single figure`);
}

runBench(run);
