import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerMessage } from '@ringside/shared';
import { BridgeProcess } from './helpers/bridge-process.js';
import { startPostgres, type PostgresServer } from './helpers/postgres-server.js';
import { startRedis, type RedisServer } from './helpers/redis-server.js';
import { AgentClient } from './helpers/ws-client.js';

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

async function until(probe: () => Promise<boolean> | boolean, what: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

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
    await until(async () => ((await b.api('GET', '/api/agents')).body.agents as { id: string; extensions: string[] }[]).some((x) => x.id === eva.id && x.extensions[0] === '23'), "B's cache");
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
      await until(() => ids.every((id) => calls(socket).some((m) => m.call.callId === id && m.call.state === 'answered')), 'answered on both sockets');
      const seen = calls(socket).filter((m) => ids.includes(m.call.callId));
      // Event ids only grow; no event twice.
      expect(seen.map((m) => m.eventId)).toEqual([...new Set(seen.map((m) => m.eventId))].sort((x, y) => x - y));
    }
    onA.close();
    onB.close();
  });
});
