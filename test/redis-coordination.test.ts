import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeCoordinationContract } from '../bridge/src/cluster/coordination.contract.js';
import { CoordinationUnavailableError } from '../bridge/src/cluster/coordination.js';
import { RedisCoordination } from '../bridge/src/cluster/redis.js';
import { withLocalFallback } from '../bridge/src/cluster/local-fallback.js';
import { silentLogger } from '../bridge/src/util/logger.js';
import { startRedis, type RedisServer } from './helpers/redis-server.js';

let redis: RedisServer;
let prefixes = 0;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis?.stop();
});

async function connected(prefix: string): Promise<RedisCoordination> {
  const c = new RedisCoordination({ url: redis.url, prefix, log: silentLogger });
  await c.connect();
  return c;
}

// Two connections with one prefix are two instances sharing one Redis; each case has its own prefix.
describeCoordinationContract('redis', async () => {
  const prefix = `t${++prefixes}:`;
  const a = await connected(prefix);
  const b = await connected(prefix);
  return { a, b, close: async () => void (await Promise.all([a.close(), b.close()])) };
});

describe('redis coordination when Redis goes away', () => {
  it('budgets fall back to this instance while Redis is away, and use Redis again once it is back', async () => {
    const c = await connected('fallback:');
    const buckets = withLocalFallback(c, { log: silentLogger, what: 'test budget' });
    const slow = { perSecond: 0.001, burst: 2 };
    await redis.down();
    // Counted locally, not thrown and not waved through: the budget still runs out.
    expect(await buckets.take('fail:198.51.100.7', slow)).toBe(0);
    expect(await buckets.take('fail:198.51.100.7', slow)).toBe(0);
    expect(await buckets.peek('fail:198.51.100.7', slow)).toBeGreaterThanOrEqual(1);
    expect(await buckets.draw('agent-msg:a', slow, 5)).toEqual({ granted: 2, retryAfter: 0 });
    await redis.up();
    // Polled, not timed: the command connection comes back on its own schedule.
    while (!(await c.healthy())) await new Promise((r) => setTimeout(r, 20));
    // Redis came back empty: its bucket is full again, and it is the one asked.
    expect(await buckets.peek('fail:198.51.100.7', slow)).toBe(0);
    await c.close();
  });

  it('start-up fails with a clear error when Redis cannot be reached', async () => {
    const c = new RedisCoordination({ url: 'redis://127.0.0.1:1', log: silentLogger });
    await expect(c.connect()).rejects.toThrow(/RINGSIDE_REDIS_URL/);
  });

  it('fails fast while Redis is down, reports unhealthy, then recovers and asks for a resync without a restart', async () => {
    const c = await connected('outage:');
    let resyncs = 0;
    let onResync: () => void = () => {};
    await c.subscribe({ call: () => {}, agent: () => {}, resync: () => (resyncs++, onResync()) });
    expect(resyncs).toBe(1);
    await redis.down();
    await expect(c.take('k', { perSecond: 1, burst: 1 })).rejects.toBeInstanceOf(CoordinationUnavailableError);
    await expect(c.claim('id', 10, 0)).rejects.toBeInstanceOf(CoordinationUnavailableError);
    expect(await c.healthy()).toBe(false);
    const resynced = new Promise<void>((resolve) => (onResync = resolve));
    await redis.up();
    await resynced;
    expect(resyncs).toBe(2);
    // The subscriber is subscribed again, the command connection answers.
    const got = new Promise<number>((resolve) => void c.subscribe({ call: (e) => resolve(e.eventId), agent: () => {}, resync: () => {} }));
    // Polled, not timed: the command connection comes back on its own schedule.
    while (!(await c.healthy())) await new Promise((r) => setTimeout(r, 20));
    await c.publishCall({ eventId: 7, source: 'generic', targets: null, payload: '{}' });
    expect(await got).toBe(7);
    await c.close();
  });
});
