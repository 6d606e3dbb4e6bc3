import type { ServerMessage } from '@ringside/shared';
import { statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Poster, Socket } from './client.js';
import { CustomerBase, type CallerKind } from './customers.js';
import { runBench, say, seconds, type BenchContext } from './harness.js';
import { measurePut } from './put-cost.js';
import { seed } from './seed.js';
import { connectAgent, connectFloor, createAgent, floorPoster, startBridge, startFloor, webhookPoster } from './servers.js';
import { fmtInt, fmtMb, msRow, ratioRow, summarize, table, type Row } from './stats.js';
import { messageVerdict } from './verdict.js';

/**
 * `npm run bench`: webhook-to-socket latency of the real bridge (a child process on a seeded
 * SQLite file, reached over loopback HTTP and a real ws client), next to a floor measured in the
 * same run: a bare express + ws process doing nothing but parse, send and answer.
 *
 *   npm run bench -- --customers 1000000 --calls 2000 --warmup 100
 *   npm run bench -- --profile /tmp/prof     (CPU profile of the bridge, for chrome://inspect)
 */

const EXTENSION = '21';

interface Options {
  customers: number;
  calls: number;
  warmup: number;
  /** Directory for a V8 CPU profile of the bridge process. */
  profile: string | null;
}

function parseArgs(argv: string[]): Options {
  const opts: Options = { customers: 100_000, calls: 1_000, warmup: 50, profile: null };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i]!.split('=', 2) as [string, string | undefined];
    const key = flag.replace(/^--/, '');
    if (!(key in opts)) throw new Error(`unknown option ${flag} (use --customers N, --calls N, --warmup N, --profile DIR)`);
    const text = inline ?? argv[++i];
    if (key === 'profile') {
      if (!text) throw new Error('--profile needs a directory');
      opts.profile = resolve(text);
      continue;
    }
    const value = Number(text?.replace(/[_,]/g, ''));
    if (!Number.isInteger(value) || value < (key === 'warmup' ? 0 : 1)) throw new Error(`${flag} needs a whole number, got ${String(text)}`);
    opts[key as 'customers' | 'calls' | 'warmup'] = value;
  }
  return opts;
}

const duration = (ms: number) => (ms < 120_000 ? seconds(ms) : ms < 7_200_000 ? `${(ms / 60_000).toFixed(0)} min` : `${(ms / 3_600_000).toFixed(1)} h`);

/** What a target (bridge or floor) needs for one measured call. */
interface Target<T> {
  name: string;
  poster: Poster;
  socket: Socket<T>;
}

interface Sample<T> {
  socketMs: number;
  httpMs: number;
  message: T;
}

async function once<T>(target: Target<T>, callId: string, from: string): Promise<Sample<T>> {
  const body = JSON.stringify({ event: 'ringing', callId, from, agents: [EXTENSION] });
  const arrival = target.socket.next(`${callId}:ringing`);
  const t0 = performance.now();
  const response = target.poster.post(body).then((r) => ({ ...r, at: performance.now() }));
  const [a, r] = await Promise.all([arrival, response]).catch((err: unknown) => {
    throw new Error(`${target.name}, call ${callId}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  });
  if (r.status !== 202) throw new Error(`${target.name}, call ${callId}: POST answered ${r.status}: ${r.body.slice(0, 500)}`);
  return { socketMs: a.at - t0, httpMs: r.at - t0, message: a.message };
}

async function run(opts: Options, { dir, children, closers }: BenchContext): Promise<void> {
  const started = performance.now();
  const dbFile = join(dir, 'ringside.sqlite');
  const base = new CustomerBase();

  say(`Seeding ${fmtInt(opts.customers)} customers into ${dbFile}`);
  const seeded = await seed(dbFile, base, opts.customers, (done) => {
    if (done % 20_000 === 0) say(`  ${fmtInt(done)} (${seconds(performance.now() - started)})`);
  });
  const perSecond = (n: number) => fmtInt(Math.round(n / (seeded.ms / 1000)));
  say(
    `Seeded ${fmtInt(seeded.customers)} customers / ${fmtInt(seeded.phones)} phone numbers in ${seconds(seeded.ms)} ` +
      `(${perSecond(seeded.customers)} customers/s, ${perSecond(seeded.phones)} numbers/s)`,
  );
  if (seeded.unreadable > 0) say(`  warning: ${fmtInt(seeded.unreadable)} seeded numbers did not normalize`);
  const dbBytesSeeded = statSync(dbFile).size;

  say('Timing the plain store path (openSqliteStore().customers.put) on the seeded database');
  const put = await measurePut(dbFile, 200, 5_000);

  say('Starting the bridge and the floor server');
  const [{ child: bridge, base: bridgeBase }, { base: floorBase }] = await Promise.all([
    startBridge(children, { dbFile, cwd: dir, nodeArgs: opts.profile ? ['--cpu-prof', `--cpu-prof-dir=${opts.profile}`] : [] }),
    startFloor(children),
  ]);
  const { token } = await createAgent(bridgeBase, 'Bench Agent', [EXTENSION]);
  const bridgeSocket = await connectAgent(bridgeBase, token);
  closers.push(() => bridgeSocket.close());
  const floorSocket = await connectFloor(floorBase, [EXTENSION]);
  closers.push(() => floorSocket.close());

  const bridgeTarget = { name: 'bridge', poster: webhookPoster(bridgeBase), socket: bridgeSocket };
  const floorTarget = { name: 'floor', poster: floorPoster(floorBase), socket: floorSocket };
  closers.push(() => bridgeTarget.poster.close(), () => floorTarget.poster.close());
  const rssStartKb = bridge.serverRssKb();

  const callers = base.callers(opts.warmup + opts.calls);
  const bridgeSamples: (Sample<ServerMessage> & { kind: CallerKind })[] = [];
  const floorSamples: Sample<{ callId: string }>[] = [];
  const wrong: string[] = [];
  say(`Posting ${fmtInt(opts.warmup)} warm-up + ${fmtInt(opts.calls)} measured ringing webhooks to each server, one at a time`);
  const measuring = performance.now();
  for (let i = 0; i < callers.length; i++) {
    const caller = callers[i]!;
    const warm = i < opts.warmup;
    const callId = warm ? `warm-${i}` : `bench-${i - opts.warmup}`;
    // Alternating, interleaved calls: background load on this shared machine hits both series
    // alike, and neither server always runs right after the other.
    const early = i % 2 === 0 ? await once(bridgeTarget, callId, caller.from) : undefined;
    const f = await once(floorTarget, callId, caller.from);
    const b = early ?? (await once(bridgeTarget, callId, caller.from));
    const problem = messageVerdict(caller, b.message);
    if (problem) wrong.push(`${callId} from ${caller.from}: ${problem}`);
    if (warm) continue;
    bridgeSamples.push({ ...b, kind: caller.kind });
    floorSamples.push(f);
  }
  const measuredMs = performance.now() - measuring;
  const rssEndKb = bridge.serverRssKb();
  const bridgeLog = bridge.output;

  for (const close of closers.splice(0)) close();
  await Promise.all(children.map((c) => c.stop()));
  const dbBytesAfter = statSync(dbFile).size;

  const bridgeAll = summarize(bridgeSamples.map((s) => s.socketMs));
  const floorAll = summarize(floorSamples.map((s) => s.socketMs));
  const kindRows: Row[] = (['exact', 'switchboard', 'unknown'] as const).map((kind) => {
    const of = bridgeSamples.filter((s) => s.kind === kind);
    return msRow(`  ${kind} caller (n=${of.length})`, summarize(of.map((s) => s.socketMs)));
  });
  const heading = `Webhook -> agent socket latency (${fmtInt(opts.calls)} calls, ${fmtInt(opts.customers)} customers, 1 agent)`;
  say('');
  say(
    table(heading, [
      msRow('bridge (ringing)', bridgeAll),
      ...kindRows,
      msRow('floor (express+ws)', floorAll),
      ratioRow('ratio bridge/floor', bridgeAll, floorAll),
      { label: '', text: '' },
      { label: 'HTTP 202 received after', text: '' },
      msRow('  bridge', summarize(bridgeSamples.map((s) => s.httpMs))),
      msRow('  floor', summarize(floorSamples.map((s) => s.httpMs))),
    ]),
  );
  say('');
  const kb = (v: number | null) => (v === null ? 'n/a' : fmtMb(v * 1024));
  say(`database           ${fmtMb(dbBytesSeeded)} after seeding, ${fmtMb(dbBytesAfter)} after the run (${dbFile.replace(dir, '<tmp>')})`);
  say(`seeding            ${seconds(seeded.ms)}, ${perSecond(seeded.customers)} customers/s, ${perSecond(seeded.phones)} phone rows/s (batched repo puts)`);
  say(
    `store put          ${put.ms.map((v) => v.toFixed(1)).join(' / ')} ms p50 / p99 / max per customer via openSqliteStore ` +
      `(${put.count} re-puts on the seeded db; ~${duration((put.mean * opts.customers) / 2)} to load ${fmtInt(opts.customers)} that way)`,
  );
  say(`bridge RSS         ${kb(rssStartKb)} after start, ${kb(rssEndKb)} after ${fmtInt(callers.length)} calls (the bridge's node process, started as npm start does)`);
  say(`measuring          ${seconds(measuredMs)} for ${fmtInt(callers.length * 2)} webhooks`);
  const warnings = bridgeLog.split('\n').filter((l) => /"level":"(warn|error)"/.test(l));
  if (warnings.length > 0) say(`bridge warnings    ${warnings.length}, first: ${warnings[0]!.slice(0, 300)}`);
  if (wrong.length > 0) {
    say(`lookup mismatches  ${wrong.length} of ${callers.length}:`);
    for (const w of wrong.slice(0, 5)) say(`  ${w}`);
  } else say(`lookups            all ${fmtInt(callers.length)} callers named as expected (exact / switchboard / unknown)`);
  if (opts.profile) say(`cpu profile        of the bridge written to ${opts.profile}`);
  say(`total              ${seconds(performance.now() - started)}`);
}

let opts: Options;
try {
  opts = parseArgs(process.argv.slice(2));
} catch (err) {
  process.stderr.write(`bench: ${(err as Error).message}\n`);
  process.exit(1);
}
runBench((ctx) => run(opts, ctx));
