import { describe, expect, it } from 'vitest';
import type { AgentChange, ClusterHandlers, Coordination, PublishedEvent } from './coordination.js';

/**
 * What every Coordination must do, in memory or in Redis. `open` gives two handles on the same
 * shared state: two instances in Redis; the same object twice in memory (one process is one
 * instance). No case waits for time: buckets refill far slower than a test runs.
 */
export function describeCoordinationContract(name: string, open: () => Promise<{ a: Coordination; b: Coordination; close(): Promise<void> }>): void {
  async function withPair(body: (a: Coordination, b: Coordination) => Promise<void>): Promise<void> {
    const pair = await open();
    try {
      await body(pair.a, pair.b);
    } finally {
      await pair.close();
    }
  }
  /** One refill per 1,000 s: a test never sees a token come back. */
  const slow = { perSecond: 0.001, burst: 3 };

  describe(`coordination contract: ${name}`, () => {
    it('a bucket lets its burst through, then answers Retry-After in whole seconds, counted across instances', () =>
      withPair(async (a, b) => {
        expect(await a.take('source:generic', slow)).toBe(0);
        expect(await b.take('source:generic', slow)).toBe(0);
        expect(await a.take('source:generic', slow)).toBe(0);
        const wait = await b.take('source:generic', slow);
        expect(wait).toBeGreaterThanOrEqual(1);
        expect(Number.isInteger(wait)).toBe(true);
        // Another key has its own bucket; a limit of 0 never throttles.
        expect(await a.take('source:sipgate', slow)).toBe(0);
        for (let i = 0; i < 10; i++) expect(await b.take('source:off', { perSecond: 0, burst: 0 })).toBe(0);
      }));

    it('peek looks without taking, and sees what other instances took', () =>
      withPair(async (a, b) => {
        // A key never taken from is a full bucket, however often it is looked at.
        for (let i = 0; i < 5; i++) expect(await a.peek('fail:198.51.100.7', slow)).toBe(0);
        expect(await a.take('fail:198.51.100.7', slow)).toBe(0);
        expect(await b.take('fail:198.51.100.7', slow)).toBe(0);
        expect(await b.peek('fail:198.51.100.7', slow)).toBe(0);
        expect(await a.take('fail:198.51.100.7', slow)).toBe(0);
        const wait = await b.peek('fail:198.51.100.7', slow);
        expect(wait).toBeGreaterThanOrEqual(1);
        expect(Number.isInteger(wait)).toBe(true);
        // Another address is untouched; a limit of 0 never refuses.
        expect(await a.peek('fail:203.0.113.9', slow)).toBe(0);
        expect(await a.peek('fail:198.51.100.7', { perSecond: 0, burst: 0 })).toBe(0);
      }));

    it('draw hands out up to max whole tokens, the rest to whoever asks next, then a Retry-After', () =>
      withPair(async (a, b) => {
        const five = { perSecond: 0.001, burst: 5 };
        expect(await a.draw('agent-msg:ag_1', five, 3)).toEqual({ granted: 3, retryAfter: 0 });
        expect(await b.draw('agent-msg:ag_1', five, 3)).toEqual({ granted: 2, retryAfter: 0 });
        const none = await a.draw('agent-msg:ag_1', five, 3);
        expect(none.granted).toBe(0);
        expect(none.retryAfter).toBeGreaterThanOrEqual(1);
        expect(await b.take('agent-msg:ag_1', five)).toBeGreaterThanOrEqual(1);
        // Shares the bucket with take(): what take() spent, draw() cannot have.
        expect(await a.take('agent-msg:ag_2', five)).toBe(0);
        expect(await b.draw('agent-msg:ag_2', five, 10)).toEqual({ granted: 4, retryAfter: 0 });
        expect(await a.draw('agent-msg:ag_3', { perSecond: 0, burst: 0 }, 7)).toEqual({ granted: 7, retryAfter: 0 });
      }));

    it('a webhook id is accepted once within its window, on any instance, and again once released', () =>
      withPair(async (a, b) => {
        const nowS = Math.floor(Date.now() / 1000);
        expect(await a.claim('msg_1', nowS + 300, nowS)).toBe(true);
        expect(await b.claim('msg_1', nowS + 300, nowS)).toBe(false);
        expect(await a.claim('msg_1', nowS + 300, nowS)).toBe(false);
        expect(await b.claim('msg_2', nowS + 300, nowS)).toBe(true);
        await b.release('msg_1');
        expect(await a.claim('msg_1', nowS + 300, nowS)).toBe(true);
      }));

    it('call events and agent changes reach every instance, the publisher included, in publish order', () =>
      withPair(async (a, b) => {
        const got = { a: [] as number[], b: [] as number[], agents: [] as AgentChange[] };
        const waiters: (() => void)[] = [];
        const handlers = (into: number[]): ClusterHandlers => ({
          call: (e) => {
            into.push(e.eventId);
            waiters.forEach((w) => w());
          },
          agent: (c) => {
            got.agents.push(c);
            waiters.forEach((w) => w());
          },
          resync: () => {},
        });
        await a.subscribe(handlers(got.a));
        if (b !== a) await b.subscribe(handlers(got.b));
        else got.b = got.a;
        const until = (done: () => boolean) =>
          new Promise<void>((resolve) => {
            const check = () => done() && resolve();
            waiters.push(check);
            check();
          });
        const event = (eventId: number): PublishedEvent => ({ eventId, source: 'generic', targets: eventId % 2 ? null : ['ag_1'], payload: `{"eventId":${eventId}}` });
        for (let id = 1; id <= 50; id++) await (id % 2 ? a : b).publishCall(event(id));
        await until(() => got.a.length >= 50 && got.b.length >= 50);
        expect(got.a.slice(0, 50)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
        expect(got.b.slice(0, 50)).toEqual(got.a.slice(0, 50));
        await a.publishAgent({ agentId: 'ag_1', origin: 'instance-a' });
        await until(() => got.agents.length >= (a === b ? 1 : 2));
        expect(got.agents[0]).toEqual({ agentId: 'ag_1', origin: 'instance-a' });
      }));

    it('reports itself healthy while its shared state answers', () =>
      withPair(async (a, b) => {
        expect(await a.healthy()).toBe(true);
        expect(await b.healthy()).toBe(true);
      }));
  });
}
