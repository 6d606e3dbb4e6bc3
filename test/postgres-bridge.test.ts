import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BridgeProcess } from './helpers/bridge-process.js';
import { startPostgres, type PostgresServer } from './helpers/postgres.js';
import { startRedis, type RedisServer } from './helpers/redis-server.js';
import { AgentClient } from './helpers/ws-client.js';
import { waitFor } from './helpers/wait.js';

// The real bridge on PostgreSQL (RINGSIDE_DATABASE_URL), and PostgreSQL restarted under it in
// the middle of a burst of calls: what was acknowledged is delivered, what was not is a 503
// the phone system retries, and the bridge recovers on its own.

let server: PostgresServer;
let redis: RedisServer;
let bridge: BridgeProcess;
let databaseUrl: string;
/** A second bridge on the database is refused without Redis (cluster/presence.ts), so both have it. */
const env = () => ({ RINGSIDE_DATABASE_URL: databaseUrl, RINGSIDE_DATABASE_POOL: '4', RINGSIDE_REDIS_URL: redis.url });
beforeAll(async () => {
  [server, redis] = await Promise.all([startPostgres(), startRedis()]);
  databaseUrl = await server.createDatabase();
  bridge = await BridgeProcess.start({ env: env() });
}, 60_000);
afterAll(async () => {
  if (process.env.SHOW_BRIDGE_LOG) console.log(bridge?.output);
  await bridge?.dispose();
  await Promise.all([server?.stop(), redis?.stop()]);
});

describe('bridge on PostgreSQL', () => {
  it('journals calls and pushes them like on SQLite', async () => {
    const agent = (await bridge.api('POST', '/api/agents', { name: 'Ben', extensions: ['21'] })).body as { token: string };
    const socket = await AgentClient.connect(bridge.base, { token: agent.token, lastEventId: 0 });
    expect((await bridge.webhook({ event: 'ringing', callId: 'first', from: '030 2312574', agents: ['21'] })).status).toBe(202);
    await socket.waitFor((m) => m.type === 'call' && m.call.callId === 'first');
    expect((await bridge.api('GET', '/readyz', undefined, null)).status).toBe(200);
    socket.close();
  });

  it('answers 503 while PostgreSQL is away, recovers without a restart, and loses no acknowledged call', async () => {
    const agent = (await bridge.api('POST', '/api/agents', { name: 'Eva', extensions: ['22'] })).body as { token: string };
    const live = await AgentClient.connect(bridge.base, { token: agent.token, lastEventId: 0 });
    const statuses = new Map<string, number>();
    const send = async (callId: string) => {
      const res = await bridge.webhook({ event: 'ringing', callId, from: '0301234567', agents: ['22'] });
      statuses.set(callId, res.status);
    };

    // A burst; PostgreSQL shuts down (fast: open transactions are cut) part-way through.
    let outage: Promise<void> | undefined;
    await Promise.all(
      Array.from({ length: 120 }, async (_, i) => {
        await new Promise((r) => setTimeout(r, i * 3));
        if (i === 60) outage = server.down();
        await send(`burst-${i}`);
      }),
    );
    await outage;

    // While it is down: not ready, naming the database; a webhook is refused with 503.
    const notReady = await bridge.api('GET', '/readyz', undefined, null);
    expect(notReady.status).toBe(503);
    expect(notReady.body).toMatchObject({ error: 'unavailable', failing: ['database'] });
    const refused = await bridge.webhook({ event: 'ringing', callId: 'while-down', from: '0301234567', agents: ['22'] });
    expect(refused.status).toBe(503);
    expect(refused.body).toMatchObject({ error: 'unavailable' });

    await server.up();
    await waitFor('readyz after PostgreSQL came back', async () => (await bridge.api('GET', '/readyz', undefined, null)).status === 200, 30_000);
    // The phone system's retry of the refused webhook, and new calls: all taken.
    await send('while-down');
    for (let i = 0; i < 20; i++) await send(`after-${i}`);

    // Never a 2xx for something not journaled, never an error other than "try again".
    expect([...statuses.values()].filter((s) => s !== 202 && s !== 503)).toEqual([]);
    const accepted = [...statuses].filter(([, s]) => s === 202).map(([id]) => id);
    expect(accepted).toContain('while-down');

    // The socket that stayed open saw every acknowledged call, once.
    await live.waitFor((m) => m.type === 'call' && m.call.callId === 'after-19');
    const liveIds = live.calls().map((m) => m.call.callId);
    expect(accepted.filter((id) => !liveIds.includes(id))).toEqual([]);
    expect(liveIds.length).toBe(new Set(liveIds).size);
    live.close();

    // A colleague resuming from the start gets them all from the journal.
    const resumed = await AgentClient.connect(bridge.base, { token: agent.token, lastEventId: 0 });
    await resumed.waitFor((m) => m.type === 'call' && m.call.callId === 'after-19');
    const replayed = resumed.calls().map((m) => m.call.callId);
    expect(accepted.filter((id) => !replayed.includes(id))).toEqual([]);
    expect(replayed.length).toBe(new Set(replayed).size);
    resumed.close();
  });

  it('replays from the shared journal: an agent resuming at another bridge gets what was posted to either, once, in order', async () => {
    // Created before the second bridge starts, which loads agents from the shared table (agent
    // changes reaching a running bridge's cache need the fan-out across instances).
    const agent = (await bridge.api('POST', '/api/agents', { name: 'Lea', extensions: ['23'] })).body as { token: string };
    const other = await BridgeProcess.start({ env: env() });
    try {
      const before = await AgentClient.connect(other.base, { token: agent.token, lastEventId: 0 });
      const welcome = before.messages.find((m) => m.type === 'welcome') as { lastEventId: number };
      before.close();
      const sent = Array.from({ length: 40 }, (_, i) => `x-${i}`);
      const statuses = await Promise.all(
        sent.map(async (callId, i) => (await (i % 2 ? other : bridge).webhook({ event: 'ringing', callId, from: '0301234567', agents: ['23'] })).status),
      );
      expect(statuses.every((s) => s === 202)).toBe(true);
      const resumed = await AgentClient.connect(other.base, { token: agent.token, lastEventId: welcome.lastEventId });
      await waitFor('the replay of 40 calls', async () => resumed.calls().length >= sent.length, 30_000);
      const ids = resumed.calls().map((m) => m.eventId);
      expect([...ids].sort((a, b) => a - b)).toEqual(ids);
      expect(new Set(ids).size).toBe(ids.length);
      expect(resumed.calls().map((m) => m.call.callId).sort()).toEqual([...sent].sort());
      resumed.close();
    } finally {
      await other.dispose();
    }
  });
});
