import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from './store.js';

/**
 * Leases, for every Store implementation (run from test/store-contract/). Two holders stand for
 * two processes or bridges: the store alone decides which of them gets the lease.
 */
export function describeLeaseRepoContract(name: string, open: () => Promise<Store>): void {
  describe(`${name}: leases`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await open();
    });
    afterEach(async () => {
      await store.close();
    });
    const MINUTE = 60_000;

    it('gives a free lease to one holder and refuses it to another until released', async () => {
      const { leases } = store;
      expect(await leases.holder('sync:erp')).toBeNull();
      expect(await leases.acquire('sync:erp', 'bridge-a', MINUTE)).toBe(true);
      expect(await leases.holder('sync:erp')).toBe('bridge-a');
      expect(await leases.acquire('sync:erp', 'bridge-b', MINUTE)).toBe(false);
      expect(await leases.holder('sync:erp')).toBe('bridge-a');
      // Other names are independent.
      expect(await leases.acquire('sync:ldap', 'bridge-b', MINUTE)).toBe(true);
      // Someone else's release does not end it.
      await leases.release('sync:erp', 'bridge-b');
      expect(await leases.holder('sync:erp')).toBe('bridge-a');
      await leases.release('sync:erp', 'bridge-a');
      expect(await leases.holder('sync:erp')).toBeNull();
      expect(await leases.acquire('sync:erp', 'bridge-b', MINUTE)).toBe(true);
      expect(await leases.holder('sync:erp')).toBe('bridge-b');
    });

    it('lets the holder take and renew its own lease again, and nobody else renew it', async () => {
      const { leases } = store;
      expect(await leases.acquire('sync:erp', 'bridge-a', MINUTE)).toBe(true);
      expect(await leases.acquire('sync:erp', 'bridge-a', MINUTE)).toBe(true);
      expect(await leases.renew('sync:erp', 'bridge-a', MINUTE)).toBe(true);
      expect(await leases.renew('sync:erp', 'bridge-b', MINUTE)).toBe(false);
      expect(await leases.renew('sync:none', 'bridge-a', MINUTE)).toBe(false);
      expect(await leases.holder('sync:erp')).toBe('bridge-a');
    });

    it('ends a lease its holder stopped renewing (a crashed bridge), so another can take it', async () => {
      const { leases } = store;
      // A lease of 0 ms has run out as soon as it is taken: a crashed holder's, long after.
      expect(await leases.acquire('sync:erp', 'crashed', 0)).toBe(true);
      expect(await leases.holder('sync:erp')).toBeNull();
      expect(await leases.acquire('sync:erp', 'bridge-b', MINUTE)).toBe(true);
      expect(await leases.holder('sync:erp')).toBe('bridge-b');
      // The crashed holder, back, cannot renew or release what is now someone else's.
      expect(await leases.renew('sync:erp', 'crashed', MINUTE)).toBe(false);
      await leases.release('sync:erp', 'crashed');
      expect(await leases.holder('sync:erp')).toBe('bridge-b');
    });

    it('gives a free lease to exactly one of many holders asking at once', async () => {
      const holders = Array.from({ length: 8 }, (_, i) => `bridge-${i}`);
      const won = await Promise.all(holders.map((h) => store.leases.acquire('sync:erp', h, MINUTE)));
      expect(won.filter(Boolean)).toHaveLength(1);
      expect(await store.leases.holder('sync:erp')).toBe(holders[won.indexOf(true)]);
    });
  });
}
