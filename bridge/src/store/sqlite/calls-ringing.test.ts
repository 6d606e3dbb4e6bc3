import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { concernsAgent } from '../../agents/routing.js';
import { callRecord } from '../call-record.testing.js';
import { openSqliteStore } from './index.js';

// The agent's call lists filter in SQL (so the limit counts the agent's own calls); the rule
// must be the very one the live push uses, agents/routing.ts concernsAgent().

const AGENTS = ['a1', 'a2', "o'brien", 'Ü"x'] as const;
const callsArb = fc.array(
  fc.record({
    agentIds: fc.uniqueArray(fc.constantFrom(...AGENTS), { maxLength: 3 }),
    answeredByAgentId: fc.option(fc.constantFrom(...AGENTS), { nil: null }),
    outcome: fc.constantFrom('missed' as const, 'answered' as const, 'blocked' as const, null),
  }),
  { maxLength: 20 },
);

describe('call list for one agent', () => {
  it('selects exactly the calls concernsAgent() would push to the agent', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...AGENTS), callsArb, async (agentId, calls) => {
        const store = openSqliteStore(':memory:');
        try {
          const records = calls.map((c, i) => callRecord(i, c));
          for (const r of records) await store.calls.record(r, { targets: null, payload: () => '{}', at: r.startedAt });
          const listed = await store.calls.list({ limit: 100, agentId });
          const expected = records.filter((r) => concernsAgent(r, agentId)).map((r) => r.callId).reverse();
          expect(listed.map((r) => r.callId)).toEqual(expected);
        } finally {
          await store.close();
        }
      }),
      { numRuns: 150 },
    );
  }, 60_000);

  it("counts the limit in the agent's own calls, not the whole office's", async () => {
    const store = openSqliteStore(':memory:');
    for (let i = 0; i < 50; i++) {
      const r = callRecord(i, { agentIds: [i % 10 === 0 ? 'a21' : 'a22'] });
      await store.calls.record(r, { targets: null, payload: () => '{}', at: r.startedAt });
    }
    const mine = await store.calls.list({ limit: 3, agentId: 'a21' });
    expect(mine.map((r) => r.callId)).toEqual(['c40', 'c30', 'c20']);
    await store.close();
  });
});
