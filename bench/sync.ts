import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { SyncReport } from '@ringside/shared';
import { runBench, say, seconds } from './harness.js';
import { ROOT } from './processes.js';
import { startBridge, webhookPoster } from './servers.js';
import { customerLine, documentLine, mobile } from './sync-lines.js';
import { postSync, writeNdjson } from './sync-file.js';
import { fmtInt, fmtMb, msRow, summarize, table } from './stats.js';

/**
 * `npx tsx bench/sync.ts [customers=1000000] [--webhooks-per-second 20] [--skip-import] [--cpu-prof <dir>]`
 *
 * POST /api/sync against a real bridge process: N customers (two numbers, one contact person
 * each), then N documents, then the same customers again (all unchanged). Webhooks ring at a
 * steady rate all the while, open-loop, for numbers of synced customers; their latency is
 * printed next to a quiet floor from the same bridge before the sync. The bridge's own log line
 * gives the longest event-loop stall of each run; /proc gives its peak RSS and the CPU time it
 * used (main thread and parser worker together: on a busy machine the figure that does not
 * depend on what else runs). Last, the CSV
 * import of the same number of rows (bench/import.ts) for comparison.
 */
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    'webhooks-per-second': { type: 'string', default: '20' },
    'skip-import': { type: 'boolean', default: false },
    'cpu-prof': { type: 'string' },
  },
});
const N = Number(positionals[0] ?? 1_000_000);
const RATE = Number(values['webhooks-per-second']);
if (!Number.isInteger(N) || N < 1) throw new Error(`customer count must be a positive integer, not ${positionals[0]}`);

const resets = { count: 0 };

/** Rings `RATE` calls a second, open-loop, until `stop` resolves; latencies of 202 answers. */
async function ring(base: string, label: string, stop: Promise<unknown>): Promise<number[]> {
  const poster = webhookPoster(base, 16);
  const latencies: number[] = [];
  const inFlight: Promise<void>[] = [];
  let stopped = false;
  void stop.finally(() => (stopped = true));
  const started = performance.now();
  for (let k = 0; !stopped; k++) {
    const due = started + (k * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    if (stopped) break;
    const i = 1 + ((k * 7919) % N);
    const body = JSON.stringify({ event: 'ringing', callId: `${label}-${k}`, from: mobile(i).replace(/^0/, '+49').replace(' ', '') });
    const sent = performance.now();
    // A keep-alive socket the server closed as we reused it resets; a PBX retries that, so do
    // we, once, and count it. Any other failure or status fails the bench.
    const post = () =>
      poster.post(body).catch((err: unknown) => {
        if ((err as { code?: string }).code !== 'ECONNRESET') throw err;
        resets.count++;
        return poster.post(body);
      });
    const answered = post().then((r) => {
      if (r.status !== 202) throw new Error(`webhook answered ${r.status}: ${r.body.slice(0, 200)}`);
      latencies.push(performance.now() - sent);
    });
    answered.catch(() => undefined); // seen by Promise.all below
    inFlight.push(answered);
  }
  // Every webhook must be answered: a refused or dropped one fails the bench.
  await Promise.all(inFlight);
  poster.close();
  return latencies;
}

/** CPU seconds the bridge process has used (all its threads), from /proc; null where absent. */
function cpuSeconds(pid: number | null): number | null {
  if (pid === null) return null;
  try {
    // Fields after the command name: state is 3rd, utime 14th and stime 15th of the whole line.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

/** The bridge's log line of the last sync: its longest event-loop stall and longest batch write. */
function stalls(output: string): string {
  const line = output.split('\n').filter((l) => l.includes('"msg":"sync finished"')).at(-1) ?? '';
  const field = (name: string) => new RegExp(`"${name}":(\\d+)`).exec(line)?.[1] ?? '?';
  return `longest event-loop stall ${field('loopMaxMs')} ms (longest batch write ${field('longestWriteMs')} ms)`;
}

runBench(async ({ dir, children }) => {
  const customers = join(dir, 'customers.ndjson');
  const documents = join(dir, 'documents.ndjson');
  let t = performance.now();
  await writeNdjson(customers, N, customerLine);
  await writeNdjson(documents, N, documentLine);
  say(`sync of ${fmtInt(N)} customers and ${fmtInt(N)} documents (load average before: ${loadavg()[0]!.toFixed(1)} on 2 cores)`);
  say(`  files:  ${fmtMb(statSync(customers).size)} + ${fmtMb(statSync(documents).size)} NDJSON, written in ${seconds(performance.now() - t)}`);

  const cpuProf = values['cpu-prof'];
  const bridge = await startBridge(children, {
    dbFile: join(dir, 'ringside.sqlite'),
    cwd: dir,
    env: { RINGSIDE_LOG_LEVEL: 'info' },
    nodeArgs: cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${cpuProf}`] : [],
  });
  const quiet = await ring(bridge.base, 'quiet', new Promise((r) => setTimeout(r, 10_000)));

  const startRss = bridge.child.serverMemKb('VmRSS');
  const rows: { name: string; report: SyncReport; ms: number; hooks: number[]; loop: string; rssKb: number; cpu: number | null }[] = [];
  for (const [name, file] of [
    ['customers', customers],
    ['documents', documents],
    ['customers again', customers],
  ] as const) {
    t = performance.now();
    const sync = postSync(bridge.base, 'source=bench', file);
    const hooks = ring(bridge.base, name.replace(/ /g, '-'), sync);
    // Both are awaited below; until then a failure of one must not go unhandled.
    sync.catch(() => undefined);
    hooks.catch(() => undefined);
    const cpuBefore = cpuSeconds(bridge.child.serverPid());
    let rssKb = 0;
    const sampler = setInterval(() => (rssKb = Math.max(rssKb, bridge.child.serverMemKb('VmRSS') ?? 0)), 250);
    const report = await sync.finally(() => clearInterval(sampler));
    const ms = performance.now() - t;
    const cpuAfter = cpuSeconds(bridge.child.serverPid());
    const cpu = cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore;
    rows.push({ name, report, ms, hooks: await hooks, loop: stalls(bridge.child.output), rssKb, cpu });
  }
  const peak = bridge.child.serverMemKb('VmHWM');

  say('');
  for (const { name, report, ms, loop, rssKb, cpu } of rows) {
    const c = name.startsWith('documents') ? report.documents : report.customers;
    say(
      `  ${name.padEnd(16)} ${seconds(ms).padStart(7)}  ${fmtInt(Math.round((N * 1000) / ms)).padStart(7)}/s  ` +
        `created ${fmtInt(c.created)}, updated ${fmtInt(c.updated)}, unchanged ${fmtInt(c.unchanged)}, failed ${fmtInt(c.failed)}; ` +
        `${loop}, RSS up to ${fmtMb(rssKb * 1024)}, bridge CPU ${cpu === null ? '?' : `${cpu.toFixed(1)} s`}`,
    );
  }
  say(`  bridge RSS: ${startRss === null ? 'n/a' : fmtMb(startRss * 1024)} after start, peak ${peak === null ? 'n/a' : fmtMb(peak * 1024)}`);
  say('');
  say(
    table(`webhook latency (ringing, ${RATE}/s, open loop, lookup of a synced number; ${resets.count} reused sockets reset and retried)`, [
      msRow(`quiet floor (n=${quiet.length})`, summarize(quiet)),
      ...rows.map((r) => msRow(`during ${r.name} (n=${r.hooks.length})`, summarize(r.hooks))),
    ]),
  );

  if (!values['skip-import']) {
    say('');
    const out = execFileSync(join(ROOT, 'node_modules/.bin/tsx'), [join(ROOT, 'bench/import.ts'), String(N)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const rate = /rows\/s:\s+([\d,]+)/.exec(out)?.[1];
    const total = /total:\s+([\d.]+ s)/.exec(out)?.[1];
    say(`  CSV import of ${fmtInt(N)} rows (bench/import.ts, same write path): ${rate ?? '?'} rows/s, ${total ?? '?'}`);
  }
});
