import { describe, expect, it } from 'vitest';
import { callRecord } from './call-record.testing.js';
import type { CallRecord, Store } from './store.js';

/**
 * What every store must do with callbacks and callers, whatever its database. Run it from each
 * store's own test file with a function that opens an empty store.
 */
export function describeCallRepoContract(name: string, open: () => Promise<Store>): void {
  async function withCalls(records: CallRecord[], body: (store: Store) => Promise<void>): Promise<void> {
    const store = await open();
    try {
      for (const r of records) await store.calls.record(r, { targets: null, payload: () => '{}', at: r.startedAt });
      await body(store);
    } finally {
      await store.close();
    }
  }
  const since = '2025-12-01T00:00:00.000Z';

  describe(`${name}: callbacks and callers`, () => {
    it('lists a caller\'s pending callbacks oldest first, only missed inbound calls from that number', async () => {
      await withCalls(
        [
          callRecord(1),
          callRecord(2, { outcome: 'answered', answeredBy: '21' }),
          callRecord(3, { callerE164: '+49301111111' }),
          callRecord(4, { direction: 'out', outcome: 'not-reached' }),
          callRecord(5),
          callRecord(6, { outcome: 'unknown-end' }),
          callRecord(7, { outcome: 'blocked' }),
        ],
        async (store) => {
          await store.calls.markCallbacks([{ callId: 'c5' }], true, 'Anna', '2026-01-01T00:10:00.000Z');
          const pending = await store.calls.pendingCallbacks('+49301234567', since, 10);
          expect(pending.map((c) => c.callId)).toEqual(['c1', 'c6']);
          expect(await store.calls.pendingCallbacks('+49301234567', '2026-01-01T00:00:02.000Z', 10)).toHaveLength(1);
          expect(await store.calls.pendingCallbacks('+49301234567', since, 1)).toHaveLength(1);
        },
      );
    });

    it('never puts withheld or internal callers on the callback list', async () => {
      await withCalls(
        [callRecord(1, { callerKind: 'withheld', callerE164: null, fromRaw: null }), callRecord(2, { callerKind: 'internal', callerE164: null, fromRaw: '22' }), callRecord(3)],
        async (store) => {
          const missed = await store.calls.list({ since, missedOnly: true, limit: 10 });
          expect(missed.map((c) => c.callId)).toEqual(['c3']);
        },
      );
    });

    it('marks only missed calls done, says why and who, and can undo it', async () => {
      await withCalls([callRecord(1), callRecord(2, { outcome: 'answered', answeredBy: '21' })], async (store) => {
        expect(await store.calls.markCallbacks([{ callId: 'c1' }, { callId: 'c2' }], true, 'Anna', '2026-01-02T00:00:00.000Z')).toBe(1);
        expect(await store.calls.get('generic', 'c1')).toMatchObject({ callbackDoneBy: 'Anna', callbackResolution: 'called-back' });
        expect(await store.calls.get('generic', 'c2')).toMatchObject({ callbackDoneAt: null, callbackResolution: null });
        await store.calls.markCallbacks([{ source: 'generic', callId: 'c1' }], false, 'Anna', '2026-01-02T00:00:00.000Z');
        await store.calls.markCallbacks([{ source: 'generic', callId: 'c1' }], true, 'Ben', '2026-01-02T00:00:00.000Z', 'caller-reached-us');
        expect(await store.calls.get('generic', 'c1')).toMatchObject({ callbackDoneBy: 'Ben', callbackResolution: 'caller-reached-us' });
        expect(await store.calls.pendingCallbacks('+49301234567', since, 10)).toEqual([]);
      });
    });

    it('finds calls by id across sources, and names a caller who turned out to be a customer', async () => {
      await withCalls(
        [callRecord(1), callRecord(1, { source: 'sipgate' }), callRecord(2, { customerNo: '10001', callerName: 'Someone else' })],
        async (store) => {
          expect((await store.calls.byCallId('c1')).map((c) => c.source).sort()).toEqual(['generic', 'sipgate']);
          expect(await store.calls.byCallId('nope')).toEqual([]);
          expect(await store.calls.identifyCaller('+49301234567', '10023', 'Herr Jürgen Weiß')).toBe(2);
          expect(await store.calls.get('sipgate', 'c1')).toMatchObject({ customerNo: '10023', callerName: 'Herr Jürgen Weiß' });
          // A call that already matched a customer keeps it.
          expect(await store.calls.get('generic', 'c2')).toMatchObject({ customerNo: '10001', callerName: 'Someone else' });
        },
      );
    });

    it('keeps resolved agent ids and the caller as recorded', async () => {
      const r = callRecord(1, { agentIds: ['a1', 'a2'], answeredByAgentId: 'a2', namedTargets: ['w0', '21'], callerKind: 'number' });
      await withCalls([r], async (store) => {
        expect(await store.calls.get('generic', 'c1')).toEqual(r);
      });
    });
  });
}
