import { parseArgs } from 'node:util';
import type { ServerMessage } from '@ringside/shared';
import { startPostgres } from '../test/helpers/postgres.js';
import { startRedis } from '../test/helpers/redis-server.js';
import type { Socket } from './client.js';
import { numberList, runBench, say, type BenchContext } from './harness.js';
import { treeCpuMs } from './processes.js';
import { connectAgent, createAgent, startBridge, webhookPoster, type Bridge } from './servers.js';
import { msRow, summarize, table, textTable } from './stats.js';

/**
 * `npm run bench:cluster`: what running several instances costs, next to one instance on SQLite
 * in the same run. Real bridge processes, a throwaway PostgreSQL (fsync off) and Redis.
 *  1. Webhook -> socket latency, open loop at each rate: SQLite, one instance (the floor of this
 *     run); PostgreSQL + Redis with the webhook posted to B and the agent on B (the database's
 *     share) and on A (what crossing instances adds).
 *  2. Sustained calls/s (closed loop, `--parallel` in flight) and CPU ms per call of each
 *     process: one instance on PostgreSQL vs two (webhooks alternating), PostgreSQL and Redis
 *     servers counted too. One call here is one ringing event, journaled and pushed.
 *  3. Failover: kill -9 of the agent's instance; time until the agent, reconnected to the
 *     survivor with its lastEventId, receives the next call (the phone system posts one every
 *     20 ms to the survivor meanwhile).
 *
 *   npm run bench:cluster -- --rates 100,500 --seconds 5 --sustained 2000 --parallel 32
 */
const { values: args } = parseArgs({
  options: {
    rates: { type: 'string', default: '100,500' },
    seconds: { type: 'string', default: '5' },
    sustained: { type: 'string', default: '2000' },
    parallel: { type: 'string', default: '32' },
  },
});
const opts = {
  rates: numberList('--rates', args.rates),
  seconds: numberList('--seconds', args.seconds)[0]!,
  sustained: numberList('--sustained', args.sustained)[0]!,
  parallel: numberList('--parallel', args.parallel)[0]!,
};

const body = (callId: string) => JSON.stringify({ event: 'ringing', callId, from: '030 2312574', agents: ['21'] });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function agentOn(bridge: Bridge, token: string): Promise<Socket<ServerMessage>> {
  return connectAgent(bridge.base, token);
}

/** Open loop: calls on a schedule, each timed from its POST to its arrival at the agent. */
async function latency(post: Bridge, socket: Socket<ServerMessage>, rate: number, label: string): Promise<number[]> {
  const poster = webhookPoster(post.base, 64);
  const count = Math.round(rate * opts.seconds);
  const t0 = performance.now() + 50;
  const samples: number[] = [];
  await Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const due = t0 + (i * 1000) / rate;
      await sleep(Math.max(0, due - performance.now()));
      const callId = `${label}-${rate}-${i}`;
      const arrival = socket.next(`${callId}:ringing`, 30_000);
      const sent = performance.now();
      const res = await poster.post(body(callId));
      if (res.status !== 202) throw new Error(`webhook answered ${res.status}: ${res.body}`);
      samples.push((await arrival).at - sent);
    }),
  );
  poster.close();
  return samples;
}

/** Closed loop: `parallel` calls in flight over the given instances; calls/s and CPU per process. */
async function sustained(posts: Bridge[], measured: { name: string; pid: number }[], label: string): Promise<{ rate: number; cpu: [string, number][] }> {
  const posters = posts.map((b) => webhookPoster(b.base, opts.parallel));
  const before = measured.map((m) => treeCpuMs(m.pid));
  const t0 = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: opts.parallel }, async () => {
      for (let i = next++; i < opts.sustained; i = next++) {
        const res = await posters[i % posters.length]!.post(body(`${label}-${i}`));
        if (res.status !== 202) throw new Error(`webhook answered ${res.status}: ${res.body}`);
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  posters.forEach((p) => p.close());
  return { rate: opts.sustained / seconds, cpu: measured.map((m, i) => [m.name, (treeCpuMs(m.pid) - before[i]!) / opts.sustained]) };
}

async function run(ctx: BenchContext): Promise<void> {
  say(`Cluster bench: ${opts.seconds} s per latency cell at ${opts.rates.join(', ')} calls/s; ${opts.sustained} calls sustained, ${opts.parallel} in flight`);
  const [pg, redis] = await Promise.all([startPostgres(), startRedis()]);
  ctx.closers.push(() => void pg.stop(), () => void redis.stop());

  // 1. Latency.
  const single = await startBridge(ctx.children, { dbFile: `${ctx.dir}/single.sqlite`, cwd: ctx.dir });
  const soloAgent = await createAgent(single.base, 'Ben', ['21']);
  const soloSocket = await agentOn(single, soloAgent.token);
  const dbUrl = await pg.createDatabase();
  const clusterEnv = { RINGSIDE_DATABASE_URL: dbUrl, RINGSIDE_REDIS_URL: redis.url };
  const a = await startBridge(ctx.children, { dbFile: `${ctx.dir}/unused-a.sqlite`, cwd: ctx.dir, env: clusterEnv });
  const b = await startBridge(ctx.children, { dbFile: `${ctx.dir}/unused-b.sqlite`, cwd: ctx.dir, env: clusterEnv });
  const ben = await createAgent(a.base, 'Ben', ['21']);
  const onA = await agentOn(a, ben.token);
  const onB = await agentOn(b, ben.token);
  // Warm-up, not measured: connection pools filled, PostgreSQL's caches and plans, JIT.
  await latency(single, soloSocket, 50, 'warm-solo');
  await latency(b, onA, 50, 'warm-cross');
  const rows = [];
  for (const rate of opts.rates) {
    rows.push(msRow(`SQLite, one instance @${rate}/s`, summarize(await latency(single, soloSocket, rate, 'solo'))));
    rows.push(msRow(`PG+Redis, B -> agent on B @${rate}/s`, summarize(await latency(b, onB, rate, 'same'))));
    rows.push(msRow(`PG+Redis, B -> agent on A @${rate}/s`, summarize(await latency(b, onA, rate, 'cross'))));
  }
  say('');
  say(table('Webhook -> agent socket (open loop, one ringing event per call)', rows));

  // 2. Sustained throughput and CPU per call.
  const sqliteCost = await sustained([single], [{ name: 'bridge', pid: single.child.serverPid()! }], 'solo-max');
  const pgOne = await startBridge(ctx.children, { dbFile: `${ctx.dir}/unused-c.sqlite`, cwd: ctx.dir, env: { RINGSIDE_DATABASE_URL: await pg.createDatabase() } });
  const oneCost = await sustained([pgOne], [{ name: 'bridge', pid: pgOne.child.serverPid()! }, { name: 'postgres', pid: pg.pid() }], 'one-max');
  await pgOne.child.stop();
  const twoCost = await sustained(
    [a, b],
    [
      { name: 'bridge A', pid: a.child.serverPid()! },
      { name: 'bridge B', pid: b.child.serverPid()! },
      { name: 'postgres', pid: pg.pid() },
      { name: 'redis', pid: redis.pid() },
    ],
    'two-max',
  );
  const cpuText = (c: [string, number][]) => c.map(([n, ms]) => `${n} ${ms.toFixed(2)}`).join(', ');
  say('');
  say(
    textTable('Sustained (closed loop), CPU ms per call per process', ['set-up', 'calls/s', 'CPU ms per call'], [
      ['SQLite, one instance', sqliteCost.rate.toFixed(0), cpuText(sqliteCost.cpu)],
      ['PostgreSQL, one instance', oneCost.rate.toFixed(0), cpuText(oneCost.cpu)],
      ['PostgreSQL + Redis, two instances', twoCost.rate.toFixed(0), cpuText(twoCost.cpu)],
    ]),
  );

  // 3. Failover.
  const last = { eventId: 0 };
  onA.ws.on('message', (d) => {
    const m = JSON.parse(d.toString()) as ServerMessage;
    if (m.type === 'call') last.eventId = Math.max(last.eventId, m.eventId);
  });
  await latency(b, onA, 50, 'warm-failover');
  const poster = webhookPoster(b.base, 4);
  const killedAt = performance.now();
  process.kill(a.child.serverPid()!, 'SIGKILL');
  let stop = false;
  let n = 0;
  const sending = (async () => {
    while (!stop) {
      await poster.post(body(`fo-${n++}`));
      await sleep(20);
    }
  })();
  await new Promise<void>((resolve) => onA.ws.once('close', () => resolve()));
  const closedAt = performance.now();
  // The extension reconnects at once when a socket drops; to the survivor, as a balancer would send it.
  const ws = await import('ws');
  const arrived = await new Promise<number>((resolve, reject) => {
    const sock = new ws.default(`${b.base.replace('http', 'ws')}/ws`);
    sock.on('open', () => sock.send(JSON.stringify({ type: 'hello', token: ben.token, lastEventId: last.eventId })));
    sock.on('message', (d) => {
      const m = JSON.parse(d.toString()) as ServerMessage;
      if (m.type === 'call' && m.call.callId.startsWith('fo-')) {
        resolve(performance.now());
        sock.close();
      }
    });
    sock.on('error', reject);
  });
  stop = true;
  await sending;
  poster.close();
  say('');
  say(
    textTable('Failover (kill -9 of the agent\'s instance)', ['step', 'ms after kill'], [
      ['agent socket sees the close', (closedAt - killedAt).toFixed(0)],
      ['next call on screen via the survivor', (arrived - killedAt).toFixed(0)],
    ]),
  );
  soloSocket.close();
  onB.close();
}

runBench(run);
