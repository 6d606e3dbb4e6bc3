import type { ServerMessage } from '@ringside/shared';
import { parseArgs } from 'node:util';
import { cachedDatabase, callerCycle, copyDatabase } from './cached-db.js';
import type { Socket } from './client.js';
import { numberList, runBench, say, seconds, type BenchContext } from './harness.js';
import { checkFdLimit } from './limits.js';
import { ADMIN_TOKEN, connectAgent, createAgents, openMany, startBridge, webhookPoster } from './servers.js';
import { fmtInt, slope, summarize, textTable } from './stats.js';

/**
 * `npm run bench:soak`: 1,000 agent sockets held for 10 minutes against the bridge with a short
 * heartbeat (RINGSIDE_HEARTBEAT_S=5), each socket answering protocol pings (ws does) and sending
 * the extension's application ping every 20 s; a trickle of calls (1/s, each ringing one agent,
 * answered 2 s later and ended 2 s after that). Samples the bridge's RSS every 10 s and prints
 * the growth per minute; every socket close and every event that did not arrive is counted,
 * and both must be 0.
 *
 *   npm run bench:soak -- --minutes 2
 */
const { values: args } = parseArgs({
  options: {
    customers: { type: 'string', default: '1000000' },
    minutes: { type: 'string', default: '10' },
    agents: { type: 'string', default: '1000' },
    rate: { type: 'string', default: '1' },
    heartbeat: { type: 'string', default: '5' },
    sample: { type: 'string', default: '10' },
    ping: { type: 'string', default: '20' },
  },
});
const opts = {
  customers: numberList('--customers', args.customers)[0]!,
  minutes: numberList('--minutes', args.minutes)[0]!,
  agents: numberList('--agents', args.agents)[0]!,
  rate: numberList('--rate', args.rate)[0]!,
  heartbeatS: numberList('--heartbeat', args.heartbeat)[0]!,
  sampleS: numberList('--sample', args.sample)[0]!,
  pingS: numberList('--ping', args.ping)[0]!,
};
/** How long an event or a pong may take before it counts as missed. */
const DEADLINE_MS = 10_000;
const EVENT_GAP_MS = 2_000;

interface Sample {
  atS: number;
  rssMb: number;
  calls: number;
  delivered: number;
  open: number;
  bridgeConnections: number;
}

async function bridgeConnections(base: string): Promise<number> {
  const res = await fetch(`${base}/api/agents`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
  const { agents } = (await res.json()) as { agents: { connections: number }[] };
  return agents.reduce((a, x) => a + x.connections, 0);
}

async function run({ dir, children, closers }: BenchContext): Promise<void> {
  const started = performance.now();
  checkFdLimit(opts.agents * 2 + 200);
  const db = await cachedDatabase(opts.customers, say);
  const dbFile = copyDatabase(db, dir);
  const bridge = await startBridge(children, { dbFile, cwd: dir, env: { RINGSIDE_HEARTBEAT_S: String(opts.heartbeatS) } });
  say(`Creating ${fmtInt(opts.agents)} agents and connecting their sockets (hello/welcome)`);
  const agents = await createAgents(bridge.base, opts.agents);
  const sockets: Socket<ServerMessage>[] = await openMany(opts.agents, (i) => connectAgent(bridge.base, agents[i]!.token));
  closers.push(() => sockets.forEach((s) => s.close()));
  let protocolPings = 0;
  for (const s of sockets) s.ws.on('ping', () => protocolPings++);
  const poster = webhookPoster(bridge.base, 16);
  closers.push(() => poster.close());

  const counts = { calls: 0, expected: 0, delivered: 0, missed: 0, postErrors: 0, pings: 0, pongs: 0, pongsMissed: 0 };
  const missed: string[] = [];
  const ringMs: number[] = [];
  const timers: NodeJS.Timeout[] = [];
  const pending = new Set<Promise<void>>();
  const track = (p: Promise<void>) => {
    pending.add(p);
    void p.finally(() => pending.delete(p));
  };

  // The extension's application ping, spread over the interval so the bridge sees a steady trickle.
  sockets.forEach((s, i) => {
    let seq = 0;
    const ping = () => {
      const requestId = `${i}-${seq++}`;
      counts.pings++;
      const pong = s.next(`pong:${requestId}`, DEADLINE_MS);
      s.send({ type: 'ping', requestId });
      track(pong.then(() => void counts.pongs++, () => void counts.pongsMissed++));
    };
    timers.push(
      setTimeout(() => {
        ping();
        timers.push(setInterval(ping, opts.pingS * 1000));
      }, (i * opts.pingS * 1000) / opts.agents),
    );
  });

  const nextCaller = callerCycle(db.callers);
  const event = async (callId: string, agent: number, body: Record<string, unknown>) => {
    const kind = body.event as string;
    counts.expected++;
    const arrival = sockets[agent]!.next(`${callId}:${kind}`, DEADLINE_MS);
    const t0 = performance.now();
    try {
      const res = await poster.post(JSON.stringify({ callId, agents: [agents[agent]!.extension], ...body }));
      if (res.status !== 202) counts.postErrors++;
    } catch {
      counts.postErrors++;
    }
    try {
      const a = await arrival;
      counts.delivered++;
      if (kind === 'ringing') ringMs.push(a.at - t0);
    } catch (err) {
      counts.missed++;
      missed.push(`${callId} ${kind}: ${(err as Error).message}`);
    }
  };
  const call = () => {
    const k = counts.calls++;
    const agent = k % opts.agents;
    const callId = `soak-${k}`;
    const from = nextCaller().from;
    track(event(callId, agent, { event: 'ringing', from }));
    timers.push(setTimeout(() => track(event(callId, agent, { event: 'answered', from, answeredBy: agents[agent]!.extension })), EVENT_GAP_MS));
    timers.push(setTimeout(() => track(event(callId, agent, { event: 'ended', from, cause: 'normal' })), 2 * EVENT_GAP_MS));
  };
  timers.push(setInterval(call, 1000 / opts.rate));

  const samples: Sample[] = [];
  const soakStart = performance.now();
  const sample = async () => {
    samples.push({
      atS: (performance.now() - soakStart) / 1000,
      rssMb: (bridge.child.serverRssKb() ?? NaN) / 1024,
      calls: counts.calls,
      delivered: counts.delivered,
      open: sockets.filter((s) => s.closeInfo === null).length,
      bridgeConnections: await bridgeConnections(bridge.base),
    });
    const s = samples.at(-1)!;
    say(`  ${s.atS.toFixed(0).padStart(4)} s  RSS ${s.rssMb.toFixed(1)} MB  calls ${s.calls}  delivered ${s.delivered}  sockets ${s.open}/${s.bridgeConnections}`);
  };
  say(`Soaking for ${opts.minutes} min: heartbeat ${opts.heartbeatS} s, app ping every ${opts.pingS} s, ${opts.rate} call/s; RSS every ${opts.sampleS} s`);
  await sample();
  const durationMs = opts.minutes * 60_000;
  while (performance.now() - soakStart < durationMs) {
    await new Promise((r) => setTimeout(r, Math.min(opts.sampleS * 1000, durationMs - (performance.now() - soakStart))));
    await sample();
  }
  for (const t of timers) clearTimeout(t);
  // Events posted in the last seconds still get their full deadline (answered/ended timers are
  // cleared, so the last calls stay ringing; they were never posted and are not expected).
  await Promise.all(pending);
  const closed = sockets.filter((s) => s.closeInfo !== null);

  const slopeAll = slope(samples.map((s) => ({ x: s.atS / 60, y: s.rssMb })));
  const later = samples.filter((s) => s.atS >= 120);
  const slopeLater = slope(later.map((s) => ({ x: s.atS / 60, y: s.rssMb })));
  const ring = summarize(ringMs);
  say('');
  say(
    textTable(
      `Soak: ${fmtInt(opts.agents)} agent sockets for ${opts.minutes} min (${fmtInt(opts.customers)} customers, heartbeat ${opts.heartbeatS} s, ${opts.rate} call/s)`,
      ['elapsed', 'bridge RSS', 'calls', 'events delivered', 'client sockets open', 'bridge connections'],
      samples.map((s) => [`${s.atS.toFixed(0)} s`, `${s.rssMb.toFixed(1)} MB`, fmtInt(s.calls), fmtInt(s.delivered), fmtInt(s.open), fmtInt(s.bridgeConnections)]),
    ),
  );
  say('');
  say(`RSS slope          ${slopeAll.toFixed(2)} MB/min over the whole soak; ${later.length >= 2 ? `${slopeLater.toFixed(2)} MB/min after the first 2 min` : 'n/a after 2 min (too short)'}`);
  say(`RSS first / last   ${samples[0]!.rssMb.toFixed(1)} MB / ${samples.at(-1)!.rssMb.toFixed(1)} MB, peak ${((bridge.child.serverMemKb('VmHWM') ?? NaN) / 1024).toFixed(1)} MB`);
  say(`socket closes      ${closed.length}${closed.length > 0 ? ` (first: ${closed[0]!.closeInfo})` : ''} (must be 0)`);
  say(`missed deliveries  ${counts.missed} of ${fmtInt(counts.expected)} events (must be 0)${missed.length > 0 ? `; first: ${missed[0]}` : ''}`);
  say(`webhook errors     ${counts.postErrors}`);
  say(`app pings          ${fmtInt(counts.pongs)} answered, ${counts.pongsMissed} missed of ${fmtInt(counts.pings)}`);
  say(`protocol pings     ${fmtInt(protocolPings)} received by the clients (about ${fmtInt(Math.round((opts.agents * opts.minutes * 60) / opts.heartbeatS))} expected)`);
  say(`ringing latency    p50 ${ring.p50.toFixed(2)} ms, p99 ${ring.p99.toFixed(2)} ms, max ${ring.max.toFixed(2)} ms (n=${ring.n})`);
  const ok = closed.length === 0 && counts.missed === 0 && counts.postErrors === 0;
  say(`verdict            ${ok ? 'PASS' : 'FAIL'}; total ${seconds(performance.now() - started)}`);
}

runBench(run);
