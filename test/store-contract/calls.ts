import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { concernsAgent } from '../../bridge/src/agents/routing.js';
import { callRecord } from '../../bridge/src/store/call-record.testing.js';
import type { CallRecord } from '../../bridge/src/store/store.js';
import { call, payload, type StoreUnderTest } from './fixtures.js';

const EPOCH = '1970-01-01T00:00:00.000Z';
const at = (i: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString();

export function callCases(t: StoreUnderTest): void {
  describe('call journal', () => {
    it('saves the state and appends the event together; ids grow and never come back after a purge', async () => {
      const s = t.store();
      expect(await s.calls.lastEventId()).toBe(0);
      const e1 = await s.calls.record(call('c1'), { targets: ['21'], payload, at: '2026-03-02T09:00:00.000Z' });
      const e2 = await s.calls.record(call('c1', { state: 'answered', answeredBy: '21', answeredAt: '2026-03-02T09:00:05.000Z' }), {
        targets: null,
        payload,
        at: '2026-03-02T09:00:05.000Z',
      });
      expect(e2).toBeGreaterThan(e1);
      expect(await s.calls.get('generic', 'c1')).toEqual(call('c1', { state: 'answered', answeredBy: '21', answeredAt: '2026-03-02T09:00:05.000Z' }));
      expect(await s.calls.get('sipgate', 'c1')).toBeNull();
      expect(await s.calls.eventsAfter(0, EPOCH)).toEqual([
        { eventId: e1, source: 'generic', targets: ['21'], payload: JSON.stringify({ id: e1 }), createdAt: '2026-03-02T09:00:00.000Z' },
        { eventId: e2, source: 'generic', targets: null, payload: JSON.stringify({ id: e2 }), createdAt: '2026-03-02T09:00:05.000Z' },
      ]);
      expect((await s.calls.eventsAfter(e1, EPOCH)).map((e) => e.eventId)).toEqual([e2]);
      expect((await s.calls.eventsAfter(0, '2026-03-02T09:00:01.000Z')).map((e) => e.eventId)).toEqual([e2]);
      expect(await s.calls.purgeEvents('2026-03-03T00:00:00.000Z')).toBe(2);
      expect(await s.calls.lastEventId()).toBe(e2);
      expect(await s.calls.record(call('c2'), { targets: null, payload, at: '2026-03-03T00:00:00.000Z' })).toBeGreaterThan(e2);
    });

    it('keeps the first event of a call as its start: later events do not rewrite direction, numbers or customer', async () => {
      const s = t.store();
      await s.calls.record(call('c1', { customerNo: 'K-1', callerName: 'Welter' }), { targets: null, payload, at: at(0) });
      await s.calls.record(call('c1', { customerNo: 'K-9', callerName: 'X', fromRaw: '0', startedAt: at(9), state: 'ended', outcome: 'missed', endedAt: at(9) }), {
        targets: null,
        payload,
        at: at(9),
      });
      expect(await s.calls.get('generic', 'c1')).toMatchObject({ customerNo: 'K-1', callerName: 'Welter', fromRaw: '+49 30 2312574-21', startedAt: '2026-03-02T09:00:00.000Z', state: 'ended', outcome: 'missed' });
    });

    it('applies an event: decide sees the stored call, and a null decision journals nothing', async () => {
      const s = t.store();
      const seen: (CallRecord | null)[] = [];
      const first = await s.calls.apply('generic', 'c1', async (prev) => {
        seen.push(prev);
        return { call: call('c1'), event: { targets: null, payload, at: at(1) } };
      });
      expect(first).toBe(await s.calls.lastEventId());
      const none = await s.calls.apply('generic', 'c1', async (prev) => {
        seen.push(prev);
        return null;
      });
      expect(none).toBeNull();
      expect(seen).toEqual([null, call('c1')]);
      expect((await s.calls.eventsAfter(0, EPOCH)).length).toBe(1);
      // A decision that fails writes nothing.
      await expect(s.calls.apply('generic', 'c2', async () => Promise.reject(new Error('lookup failed')))).rejects.toThrow('lookup failed');
      expect(await s.calls.get('generic', 'c2')).toBeNull();
    });

    it('lists newest first; missed calls without an answered leg; open calls gone stale', async () => {
      const s = t.store();
      const rec = (c: CallRecord) => s.calls.record(c, { targets: null, payload, at: c.startedAt });
      await rec(call('m1', { state: 'ended', outcome: 'missed', startedAt: at(1), endedAt: at(2) }));
      await rec(call('leg-a', { linkedId: 'L', state: 'ended', outcome: 'missed', startedAt: at(3) }));
      await rec(call('leg-b', { linkedId: 'L', state: 'ended', outcome: 'answered', answeredBy: '22', startedAt: at(4) }));
      await rec(call('out', { direction: 'out', state: 'ended', outcome: 'not-reached', startedAt: at(5) }));
      await rec(call('open', { startedAt: at(6) }));
      await rec(call('lost', { state: 'ended', outcome: 'unknown-end', startedAt: at(7) }));
      expect((await s.calls.list({ limit: 10 })).map((c) => c.callId)).toEqual(['lost', 'open', 'out', 'leg-b', 'leg-a', 'm1']);
      expect((await s.calls.list({ limit: 2 })).map((c) => c.callId)).toEqual(['lost', 'open']);
      expect((await s.calls.list({ limit: 10, since: at(5) })).map((c) => c.callId)).toEqual(['lost', 'open', 'out']);
      expect((await s.calls.list({ limit: 10, missedOnly: true })).map((c) => c.callId)).toEqual(['lost', 'm1']);
      expect((await s.calls.stale(at(7))).map((c) => c.callId)).toEqual(['open']);
      expect(await s.calls.stale(at(6))).toEqual([]);
    });

    it('marks callbacks done and undone, by call id with or without source', async () => {
      const s = t.store();
      await s.calls.record(call('c1', { state: 'ended', outcome: 'missed' }), { targets: null, payload, at: at(1) });
      await s.calls.record(call('c1', { source: 'sipgate', state: 'ended', outcome: 'missed' }), { targets: null, payload, at: at(1) });
      expect(await s.calls.markCallbacks([{ source: 'sipgate', callId: 'c1' }], true, 'Eva', at(5))).toBe(1);
      expect(await s.calls.get('sipgate', 'c1')).toMatchObject({ callbackDoneAt: at(5), callbackDoneBy: 'Eva' });
      expect((await s.calls.get('generic', 'c1'))?.callbackDoneAt).toBeNull();
      expect(await s.calls.markCallbacks([{ callId: 'c1' }, { callId: 'nope' }], true, 'Jo', at(6))).toBe(2);
      expect(await s.calls.markCallbacks([{ callId: 'c1' }], false, 'Jo', at(7))).toBe(2);
      expect(await s.calls.get('generic', 'c1')).toMatchObject({ callbackDoneAt: null, callbackDoneBy: null });
    });

    it('purges calls before a time with their events, and lists one customer\'s calls newest first', async () => {
      const s = t.store();
      await s.calls.record(call('old', { customerNo: 'K-1', startedAt: at(1) }), { targets: null, payload, at: at(1) });
      await s.calls.record(call('new', { customerNo: 'K-1', startedAt: at(9) }), { targets: null, payload, at: at(9) });
      await s.calls.record(call('other', { customerNo: 'K-2', startedAt: at(9) }), { targets: null, payload, at: at(9) });
      expect((await s.calls.forCustomer('K-1')).map((c) => c.callId)).toEqual(['new', 'old']);
      expect(await s.calls.purgeCalls(at(5))).toBe(1);
      expect((await s.calls.eventsAfter(0, EPOCH)).length).toBe(2);
      expect((await s.calls.forCustomer('K-1')).map((c) => c.callId)).toEqual(['new']);
    });

    it("counts the limit in the agent's own calls, not the whole office's", async () => {
      const s = t.store();
      for (let i = 0; i < 50; i++) {
        const r = callRecord(i, { agentIds: [i % 10 === 0 ? 'a21' : 'a22'] });
        await s.calls.record(r, { targets: null, payload: () => '{}', at: r.startedAt });
      }
      const mine = await s.calls.list({ limit: 3, agentId: 'a21' });
      expect(mine.map((r) => r.callId)).toEqual(['c40', 'c30', 'c20']);
    });

    // The agent's call lists filter in the query (so the limit counts the agent's own calls);
    // the rule must be the very one the live push uses, agents/routing.ts concernsAgent().
    it('selects exactly the calls concernsAgent() would push to the agent', async () => {
      const AGENTS = ['a1', 'a2', "o'brien", 'Ü"x'] as const;
      const callsArb = fc.array(
        fc.record({
          agentIds: fc.uniqueArray(fc.constantFrom(...AGENTS), { maxLength: 3 }),
          answeredByAgentId: fc.option(fc.constantFrom(...AGENTS), { nil: null }),
          outcome: fc.constantFrom('missed' as const, 'answered' as const, 'blocked' as const, null),
        }),
        { maxLength: 20 },
      );
      const s = t.store();
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...AGENTS), callsArb, async (agentId, calls) => {
          await s.calls.purgeCalls('9999');
          const records = calls.map((c, i) => callRecord(i, c));
          for (const r of records) await s.calls.record(r, { targets: null, payload: () => '{}', at: r.startedAt });
          const listed = await s.calls.list({ limit: 100, agentId });
          const expected = records.filter((r) => concernsAgent(r, agentId)).map((r) => r.callId).reverse();
          expect(listed.map((r) => r.callId)).toEqual(expected);
        }),
        { numRuns: 150 },
      );
    }, 60_000);
  });
}
