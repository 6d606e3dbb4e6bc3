import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerMessage } from '@ringside/shared';
import { BridgeProcess } from './helpers/bridge-process.js';
import { startPostgres, type PostgresServer } from './helpers/postgres.js';
import { startRedis, type RedisServer } from './helpers/redis-server.js';
import { AgentClient } from './helpers/ws-client.js';
import { waitFor } from './helpers/wait.js';

// Two real bridge processes on one PostgreSQL and one Redis, as deploy/ runs them behind a
// balancer. No sleeps decide a result: every wait is for a message, a status or a listing.

let pg: PostgresServer;
let redis: RedisServer;
let databaseUrl: string;
const bridges: BridgeProcess[] = [];

async function instance(env: Record<string, string> = {}): Promise<BridgeProcess> {
  const b = await BridgeProcess.start({ env: { RINGSIDE_DATABASE_URL: databaseUrl, RINGSIDE_DATABASE_POOL: '4', RINGSIDE_REDIS_URL: redis.url, ...env } });
  bridges.push(b);
  return b;
}

beforeAll(async () => {
  [pg, redis] = await Promise.all([startPostgres(), startRedis()]);
  databaseUrl = await pg.createDatabase();
}, 60_000);
afterAll(async () => {
  if (process.env.SHOW_BRIDGE_LOG) for (const b of bridges) console.log(b.output);
  await Promise.all(bridges.map((b) => b.dispose()));
  await Promise.all([pg?.stop(), redis?.stop()]);
});

type CallMsg = Extract<ServerMessage, { type: 'call' }>;
const calls = (c: AgentClient): CallMsg[] => c.calls();
const key = (m: CallMsg) => `${m.call.callId}/${m.event}`;

describe('two instances, one PostgreSQL, one Redis', () => {
  let a: BridgeProcess;
  let b: BridgeProcess;
  beforeAll(async () => {
    a = await instance();
    b = await instance();
  }, 90_000);

  it('refuses a further instance on the same database without Redis, naming the variable', async () => {
    await expect(BridgeProcess.start({ env: { RINGSIDE_DATABASE_URL: databaseUrl } })).rejects.toThrow(/RINGSIDE_REDIS_URL/);
  });

  it('an agent on A gets the card of a webhook posted to B', async () => {
    const ben = await a.createAgent('Ben', ['21']);
    const socket = await AgentClient.connect(a.base, { token: ben.token, lastEventId: 0 });
    await b.call({ event: 'ringing', callId: 'to-b', from: '030 2312574', agents: ['21'] });
    const ringing = await socket.waitFor((m) => m.type === 'call' && m.call.callId === 'to-b');
    expect(ringing).toMatchObject({ event: 'ringing' });
    socket.close();
  });

  it('agent changes on A take effect on B: paired, re-identified, re-paired (4401 on B), deleted', async () => {
    const eva = await a.createAgent('Eva', ['22']);
    // Paired on A, connects to B at once.
    const onB = await AgentClient.connect(b.base, { token: eva.token, lastEventId: 0 });
    // Re-identified on A: B routes by the new extension (its listing shows B's cache).
    expect((await a.api('PATCH', `/api/agents/${eva.id}`, { extensions: ['23'] })).status).toBe(200);
    await waitFor("B's cache", async () => ((await b.api('GET', '/api/agents')).body.agents as { id: string; extensions: string[] }[]).some((x) => x.id === eva.id && x.extensions[0] === '23'), 30_000);
    await b.call({ event: 'ringing', callId: 'new-ext', from: '030 1', agents: ['23'] });
    await onB.waitFor((m) => m.type === 'call' && m.call.callId === 'new-ext');
    // Re-paired on A: the socket on B holding the old token is closed 4401; the new token works on B.
    const repaired = await a.api('POST', `/api/agents/${eva.id}/token`);
    expect(repaired.status).toBeLessThan(300);
    expect(await onB.waitClosed()).toBe(4401);
    const again = await AgentClient.connect(b.base, { token: (repaired.body as { token: string }).token, lastEventId: 0 });
    // Deleted on A: gone on B too.
    expect((await a.api('DELETE', `/api/agents/${eva.id}`)).status).toBeLessThan(300);
    expect(await again.waitClosed()).toBe(4401);
  });

  it("one call's ringing to A and answer to B at the same moment end answered, in order, on both instances", async () => {
    const ida = await a.createAgent('Ida', ['24']);
    const onA = await AgentClient.connect(a.base, { token: ida.token, lastEventId: 0 });
    const onB = await AgentClient.connect(b.base, { token: ida.token, lastEventId: 0 });
    const ids = Array.from({ length: 15 }, (_, i) => `race-${i}`);
    await Promise.all(
      ids.map((callId) =>
        Promise.all([
          a.call({ event: 'ringing', callId, from: '030 2', agents: ['24'] }),
          b.call({ event: 'answered', callId, from: '030 2', agents: ['24'], answeredBy: '24' }),
        ]),
      ),
    );
    const list = (await b.api('GET', '/api/me/calls', undefined, ida.token)).body as { calls: { callId: string; state: string; answeredBy: string | null }[] };
    for (const callId of ids) expect(list.calls.find((c) => c.callId === callId)).toMatchObject({ state: 'answered', answeredBy: '24' });
    for (const socket of [onA, onB]) {
      await waitFor('answered on both sockets', () => ids.every((id) => calls(socket).some((m) => m.call.callId === id && m.call.state === 'answered')), 30_000);
      const seen = calls(socket).filter((m) => ids.includes(m.call.callId));
      // Event ids only grow; no event twice.
      expect(seen.map((m) => m.eventId)).toEqual([...new Set(seen.map((m) => m.eventId))].sort((x, y) => x - y));
    }
    onA.close();
    onB.close();
  });

  it('/readyz names redis while Redis is down and recovers by itself when it is back', async () => {
    const readyz = async () => (await a.api('GET', '/readyz', undefined, null)) as { status: number; body: { failing?: string[] } };
    await redis.down();
    await waitFor('readyz 503', async () => (await readyz()).status === 503, 30_000);
    expect((await readyz()).body.failing).toEqual(['redis']);
    await redis.up();
    await waitFor('readyz 200', async () => (await readyz()).status === 200, 30_000);
  });
});

/** Everything an agent saw over all its connections, keyed by call and event. */
function seenBy(clients: AgentClient[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const c of clients) for (const m of calls(c)) counts.set(key(m), (counts.get(key(m)) ?? 0) + 1);
  return counts;
}

function lastEventId(clients: AgentClient[]): number {
  return Math.max(0, ...clients.flatMap((c) => calls(c).map((m) => m.eventId)));
}

describe('failover and outages', () => {
  it('kill -9 of A in a burst through both: A\'s agents resume on B and see every acknowledged event once', async () => {
    const env = { RINGSIDE_DATABASE_URL: await pg.createDatabase(), RINGSIDE_REDIS_PREFIX: 'failover:' };
    const a = await BridgeProcess.start({ env: { ...env, RINGSIDE_DATABASE_POOL: '4', RINGSIDE_REDIS_URL: redis.url } });
    bridges.push(a);
    const b = await instance(env);
    const agents = await Promise.all(['Ada', 'Bo', 'Cem'].map((n, i) => a.createAgent(n, [`4${i}`])));
    const sockets = await Promise.all(agents.map(async (ag) => [await AgentClient.connect(a.base, { token: ag.token, lastEventId: 0 })]));
    const acked: string[] = [];
    let killed: Promise<unknown> | undefined;
    // 200 calls, every other through A; A dies at call 100 (its in-flight requests are not acknowledged).
    await Promise.all(
      Array.from({ length: 200 }, async (_, i) => {
        await new Promise((r) => setTimeout(r, i * 4));
        if (i === 100) killed = a.stop('SIGKILL');
        const via = i % 2 === 0 ? a : b;
        const callId = `fo-${i}`;
        try {
          const res = await via.webhook({ event: 'ringing', callId, from: '030 5', agents: [] });
          if (res.status >= 200 && res.status < 300) acked.push(`${callId}/ringing`);
        } catch {
          // Connection refused or reset: not acknowledged, the phone system would retry.
        }
      }),
    );
    await killed;
    // How many were acknowledged depends on the machine (B may answer 503 when its pool waits
    // too long, A's in-flight requests die with it); what follows must hold for each of them.
    expect(acked.length).toBeGreaterThan(0);
    // Each agent's socket to A is gone; it resumes on B from the last event it saw.
    for (const list of sockets) {
      await list[0]!.waitClosed();
      const token = agents[sockets.indexOf(list)]!.token;
      list.push(await AgentClient.connect(b.base, { token, lastEventId: lastEventId(list) }));
    }
    for (const list of sockets) {
      await waitFor('every acknowledged event at the agent', () => acked.every((k) => seenBy(list).has(k)), 30_000);
      expect([...seenBy(list)].filter(([, n]) => n > 1)).toEqual([]);
    }
    // The survivor carries on: the next call reaches every agent.
    await b.call({ event: 'ringing', callId: 'after-failover', from: '030 6', agents: [] });
    for (const list of sockets) await list[1]!.waitFor((m) => m.type === 'call' && m.call.callId === 'after-failover');
    for (const list of sockets) list.forEach((s) => s.close());
  });

  it('Redis and PostgreSQL restarted in a burst: no acknowledged event lost or doubled, both instances recover on their own', async () => {
    const env = { RINGSIDE_DATABASE_URL: await pg.createDatabase(), RINGSIDE_REDIS_PREFIX: 'outage:' };
    const a = await instance(env);
    const b = await instance(env);
    const ada = await a.createAgent('Ada', ['50']);
    const socket = await AgentClient.connect(a.base, { token: ada.token, lastEventId: 0 });
    const acked: string[] = [];
    const statuses: number[] = [];
    const outages: Promise<void>[] = [];
    // Every call goes to B, the agent sits on A: each event crosses Redis (or the journal).
    await Promise.all(
      Array.from({ length: 160 }, async (_, i) => {
        await new Promise((r) => setTimeout(r, i * 5));
        if (i === 40) outages.push(redis.down().then(() => new Promise((r) => setTimeout(r, 300))).then(() => redis.up()));
        if (i === 100) outages.push(pg.down().then(() => new Promise((r) => setTimeout(r, 300))).then(() => pg.up()));
        const res = await b.webhook({ event: 'ringing', callId: `out-${i}`, from: '030 7', agents: [] });
        statuses.push(res.status);
        if (res.status === 202) acked.push(`out-${i}/ringing`);
      }),
    );
    await Promise.all(outages);
    // Only "accepted" or "try again", never a 2xx for what was not journaled.
    expect(statuses.filter((s) => s !== 202 && s !== 503)).toEqual([]);
    for (const bridge of [a, b]) await waitFor('readyz', async () => (await bridge.api('GET', '/readyz', undefined, null)).status === 200, 30_000);
    await waitFor('every acknowledged event at the agent', () => acked.every((k) => seenBy([socket]).has(k)), 30_000);
    expect([...seenBy([socket])].filter(([, n]) => n > 1)).toEqual([]);
    // Without a restart, a new call through B reaches the agent on A at once.
    await b.call({ event: 'ringing', callId: 'after-outages', from: '030 8', agents: [] });
    await socket.waitFor((m) => m.type === 'call' && m.call.callId === 'after-outages');
    socket.close();
  });
});
