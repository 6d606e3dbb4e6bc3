import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ringsFor } from '../../agents/routing.js';
import type { CallRecord } from '../store.js';
import { openSqliteStore } from './index.js';

// The agent's call lists filter in SQL (so the limit counts the agent's own calls); the rule
// must be the very one the live push uses, agents/routing.ts ringsFor().

const SOURCES = ['generic', 'sipgate', 'fritzbox'] as const;
const IDS = ['21', '22', 'w0', 'w1', '1', '2', "o'brien", 'Ü"x'] as const;

function call(i: number, source: string, agents: string[]): CallRecord {
  return {
    callId: `c${i}`,
    linkedId: null,
    source,
    direction: 'in',
    state: 'ended',
    outcome: 'missed',
    fromRaw: '+49 30 1234567',
    to: null,
    agents,
    answeredBy: null,
    cause: null,
    startedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
    answeredAt: null,
    endedAt: null,
    customerNo: null,
    callerName: null,
    callbackDoneAt: null,
    callbackDoneBy: null,
  };
}

const ids = fc.uniqueArray(fc.constantFrom(...IDS), { maxLength: 3 });
const agentArb = fc.record({
  extensions: ids,
  identifiers: fc.dictionary(fc.constantFrom(...SOURCES), ids, { maxKeys: 3 }),
});
const callsArb = fc.array(fc.record({ source: fc.constantFrom(...SOURCES), agents: ids }), { maxLength: 20 });

describe('call list for one agent', () => {
  it('selects exactly the calls ringsFor() would push to the agent', async () => {
    await fc.assert(
      fc.asyncProperty(agentArb, callsArb, async (agent, calls) => {
        const store = openSqliteStore(':memory:');
        try {
          const records = calls.map((c, i) => call(i, c.source, c.agents));
          for (const r of records) await store.calls.record(r, { targets: null, payload: () => '{}', at: r.startedAt });
          const listed = await store.calls.list({ limit: 100, ringing: agent });
          const expected = records.filter((r) => ringsFor(agent, r.source, r.agents)).map((r) => r.callId).reverse();
          expect(listed.map((r) => r.callId)).toEqual(expected);
        } finally {
          await store.close();
        }
      }),
      { numRuns: 300 },
    );
  });

  it("counts the limit in the agent's own calls, not the whole office's", async () => {
    const store = openSqliteStore(':memory:');
    for (let i = 0; i < 50; i++) {
      const r = call(i, 'generic', [i % 10 === 0 ? '21' : '22']);
      await store.calls.record(r, { targets: null, payload: () => '{}', at: r.startedAt });
    }
    const mine = await store.calls.list({ limit: 3, ringing: { extensions: ['21'], identifiers: {} } });
    expect(mine.map((r) => r.callId)).toEqual(['c40', 'c30', 'c20']);
    await store.close();
  });
});
