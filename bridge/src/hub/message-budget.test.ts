import { describe, expect, it } from 'vitest';
import type { Draw } from '../cluster/coordination.js';
import { MemoryCoordination } from '../cluster/memory.js';
import { MessageBudget } from './message-budget.js';

const flush = () => new Promise((r) => setImmediate(r));

describe('socket message budget', () => {
  it('in one process admits exactly the burst, then refuses (the first message on credit is paid back)', async () => {
    const shared = new MemoryCoordination(() => 0);
    const budget = new MessageBudget(shared, { perSecond: 20, burst: 40 }, { now: () => 0 });
    let admitted = 0;
    // One message per turn, as a socket delivers them: each draw resolves before the next read.
    for (let i = 0; i < 100; i++) {
      if (budget.take('ag_1') === 0) admitted++;
      await flush();
    }
    expect(admitted).toBe(40);
    expect(budget.take('ag_1')).toBeGreaterThanOrEqual(1);
    // Another agent has its own bucket.
    expect(budget.take('ag_2')).toBe(0);
  });

  it('draws in chunks: one shared-state call per few messages, not one per message', async () => {
    const draws: number[] = [];
    const inner = new MemoryCoordination(() => 0);
    const counting = {
      draw: (key: string, limit: { perSecond: number; burst: number }, max: number): Promise<Draw> => {
        draws.push(max);
        return inner.draw(key, limit, max);
      },
    };
    const budget = new MessageBudget(counting, { perSecond: 20, burst: 40 }, { now: () => 0 });
    await budget.prime('ag_1');
    for (let i = 0; i < 20; i++) {
      expect(budget.take('ag_1')).toBe(0);
      await flush();
    }
    expect(draws.length).toBeLessThanOrEqual(20 / 5 + 1);
    expect(draws.every((n) => n === 5)).toBe(true);
  });

  it('refuses for a second what arrives faster than a draw, and shares the bucket between instances', async () => {
    const shared = new MemoryCoordination(() => 0);
    let release: () => void = () => {};
    // A draw that takes its time, like a round trip to Redis.
    const slow = {
      draw: async (key: string, limit: { perSecond: number; burst: number }, max: number) => {
        await new Promise<void>((r) => (release = r));
        return shared.draw(key, limit, max);
      },
    };
    const a = new MessageBudget(slow, { perSecond: 2, burst: 4 }, { now: () => 0 });
    expect(a.take('ag_1')).toBe(0); // on credit; the draw is under way
    expect(a.take('ag_1')).toBe(1);
    release();
    await flush();
    // Instance B drew the rest of the shared bucket meanwhile: A's agent is refused at B too.
    const b = new MessageBudget(shared, { perSecond: 2, burst: 4 }, { now: () => 0 });
    let passedAtB = 0;
    for (let i = 0; i < 10; i++) {
      if (b.take('ag_1') === 0) passedAtB++;
      await flush();
    }
    // 4 tokens in all: A drew 1 (its chunk at 2/s), B gets the other 3, and one on credit that
    // it owes when the bucket runs dry: at most one message over the shared budget per instance.
    expect(passedAtB).toBe(4);
  });

  it('a rate of 0 is no limit', () => {
    const budget = new MessageBudget(new MemoryCoordination(), { perSecond: 0, burst: 0 });
    for (let i = 0; i < 1000; i++) expect(budget.take('ag_1')).toBe(0);
  });
});
