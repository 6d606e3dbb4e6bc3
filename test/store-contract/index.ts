import { afterAll, afterEach, beforeAll, beforeEach, describe } from 'vitest';
import type { Store } from '../../bridge/src/store/store.js';
import { agentCases } from './agents.js';
import { callCases } from './calls.js';
import { customerCases } from './customers.js';
import type { StoreUnderTest } from './fixtures.js';
import { searchCases } from './search.js';
import { sessionAndSettingCases } from './sessions-settings.js';

/** How a contract run gets its stores: `open` returns a fresh, empty store for each case. */
export interface StoreFactory {
  open(): Promise<Store>;
  /** Release what `start` set up (a database server). */
  stop(): Promise<void>;
}

/**
 * The one list of cases every Store implementation must pass, run once per store
 * (test/store-contract.test.ts). A store that fails a case fails the build.
 */
export function storeContract(name: string, start: () => Promise<StoreFactory>): void {
  describe(`store contract: ${name}`, () => {
    let factory: StoreFactory | undefined;
    let current: Store | undefined;
    const t: StoreUnderTest = {
      store: () => {
        if (!current) throw new Error('no store open');
        return current;
      },
    };
    beforeAll(async () => {
      factory = await start();
    });
    afterAll(async () => factory?.stop());
    beforeEach(async () => {
      current = await factory!.open();
    });
    afterEach(async () => {
      await current?.close();
      current = undefined;
    });

    customerCases(t);
    searchCases(t);
    agentCases(t);
    callCases(t);
    sessionAndSettingCases(t);
  });
}
