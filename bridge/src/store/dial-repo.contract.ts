import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from './store.js';

/**
 * The click-to-dial part of the Store contract (DialRepo, AgentRecord.dialDevices). Run it from
 * each store's own test file with a function that opens an empty store.
 */
export function describeDialRepoContract(name: string, openStore: () => Promise<Store>): void {
  let store: Store;

  const dial = (over: Partial<Parameters<Store['dials']['record']>[0]> = {}) => ({
    agentId: 'a1',
    source: 'fritzbox',
    device: 'FON1: Büro',
    numberE164: '+49302312574',
    callback: { source: 'fritzbox', callId: 'c1' },
    requestedAt: '2026-12-04T10:00:00.000Z',
    result: 'ringing',
    ...over,
  });

  describe(`${name}: dials and dial devices`, () => {
    // Inside this describe: at the contract's top level it would close this store again after
    // every other case of the suite.
    afterEach(async () => {
      await store?.close();
    });
    it('keeps an agent\'s dial devices through create and update, and replaces them as a whole', async () => {
      store = await openStore();
      await store.agents.create({ id: 'a1', name: 'Ben', email: null, extensions: ['21'], identifiers: {}, dialDevices: { fritzbox: 'FON1: "Büro"' }, tokenHash: 'h1' });
      expect((await store.agents.get('a1'))?.dialDevices).toEqual({ fritzbox: 'FON1: "Büro"' });
      await store.agents.update('a1', { dialDevices: { sipgate: 'e0' } });
      expect((await store.agents.get('a1'))?.dialDevices).toEqual({ sipgate: 'e0' });
      await store.agents.update('a1', { name: 'Ben B.' });
      expect((await store.agents.get('a1'))?.dialDevices).toEqual({ sipgate: 'e0' });
      await store.agents.create({ id: 'a2', name: 'Lena', email: null, extensions: [], identifiers: {}, tokenHash: 'h2' });
      expect((await store.agents.get('a2'))?.dialDevices).toEqual({});
    });

    it('finds open dials to a number, newest first, and connects each once', async () => {
      store = await openStore();
      const older = await store.dials.record(dial({ requestedAt: '2026-12-04T10:00:00.000Z' }));
      const newer = await store.dials.record(dial({ requestedAt: '2026-12-04T10:05:00.000Z', callback: null }));
      const failed = await store.dials.record(dial({ requestedAt: '2026-12-04T10:06:00.000Z' }));
      await store.dials.setResult(failed, 'failed:busy');
      await store.dials.record(dial({ source: 'sipgate' }));
      await store.dials.record(dial({ numberE164: '+49309998887' }));

      const open = await store.dials.open('fritzbox', '+49302312574', '2026-12-04T09:00:00.000Z');
      expect(open.map((d) => d.id)).toEqual([newer, older]);
      expect(open[1]).toMatchObject({ agentId: 'a1', device: 'FON1: Büro', callback: { source: 'fritzbox', callId: 'c1' }, connectedCallId: null });
      expect(open[0]?.callback).toBeNull();
      expect(await store.dials.open('fritzbox', '+49302312574', '2026-12-04T10:01:00.000Z')).toHaveLength(1);

      expect(await store.dials.connect(newer, 'out-1', '2026-12-04T10:06:30.000Z')).toBe(true);
      expect(await store.dials.connect(newer, 'out-2', '2026-12-04T10:06:31.000Z')).toBe(false);
      expect((await store.dials.open('fritzbox', '+49302312574', '2026-12-04T09:00:00.000Z')).map((d) => d.id)).toEqual([older]);
    });

    it('forgets every dial to an erased customer\'s numbers', async () => {
      store = await openStore();
      await store.dials.record(dial());
      await store.dials.record(dial({ numberE164: '+49309998887' }));
      await store.dials.record(dial({ numberE164: '+49301112223' }));
      expect(await store.dials.forgetNumbers(['+49302312574', '+49309998887'])).toBe(2);
      expect(await store.dials.forgetNumbers([])).toBe(0);
      expect(await store.dials.open('fritzbox', '+49301112223', '2000-01-01T00:00:00.000Z')).toHaveLength(1);
    });

    it('lists every dial to a customer\'s numbers for the right-of-access export, newest first', async () => {
      store = await openStore();
      const first = await store.dials.record(dial({ requestedAt: '2026-12-04T09:00:00.000Z' }));
      const second = await store.dials.record(dial({ numberE164: '+49309998887', source: 'sipgate', callback: null, requestedAt: '2026-12-04T11:00:00.000Z' }));
      await store.dials.record(dial({ numberE164: '+49301112223' }));
      await store.dials.connect(first, 'out-1', '2026-12-04T09:00:20.000Z');
      const listed = await store.dials.forNumbers(['+49302312574', '+49309998887']);
      expect(listed.map((d) => d.id)).toEqual([second, first]);
      expect(listed[1]).toMatchObject({ agentId: 'a1', numberE164: '+49302312574', callback: { source: 'fritzbox', callId: 'c1' }, connectedCallId: 'out-1', connectedAt: '2026-12-04T09:00:20.000Z' });
      expect(await store.dials.forNumbers([])).toEqual([]);
      expect(await store.dials.forNumbers(['+4940999'])).toEqual([]);
    });

    it('purges dials older than the retention cut-off', async () => {
      store = await openStore();
      await store.dials.record(dial({ requestedAt: '2026-01-01T00:00:00.000Z' }));
      await store.dials.record(dial({ requestedAt: '2026-12-04T10:00:00.000Z' }));
      expect(await store.dials.purge('2026-06-01T00:00:00.000Z')).toBe(1);
      expect(await store.dials.open('fritzbox', '+49302312574', '2000-01-01T00:00:00.000Z')).toHaveLength(1);
    });
  });
}
