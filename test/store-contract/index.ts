import { afterAll, afterEach, beforeAll, beforeEach, describe } from 'vitest';
import { describeCallRepoContract } from '../../bridge/src/store/call-repo.contract.js';
import { describeCustomerPhonesContract } from '../../bridge/src/store/customer-phones.contract.js';
import { describeDialRepoContract } from '../../bridge/src/store/dial-repo.contract.js';
import { describeLeaseRepoContract } from '../../bridge/src/store/lease-repo.contract.js';
import { describeSyncBatchContract } from '../../bridge/src/store/sync-batch.contract.js';
import { describeSyncRepoContract, type FailInsertOf } from '../../bridge/src/store/sync-repo.contract.js';
import type { Store } from '../../bridge/src/store/store.js';
import { agentCases } from './agents.js';
import { callCases } from './calls.js';
import { consoleListCases } from './console-lists.js';
import { customerCases } from './customers.js';
import type { StoreUnderTest } from './fixtures.js';
import { searchCases } from './search.js';
import { sessionAndSettingCases } from './sessions-settings.js';

/** How a contract run gets its stores: `open` returns a fresh, empty store for each case. */
export interface StoreFactory {
  open(): Promise<Store>;
  /** Release what `start` set up (a database server). */
  stop(): Promise<void>;
  /** Absent where no second connection reaches the store's database (SQLite in memory). */
  failInsertOf?: FailInsertOf;
}

/**
 * The one list of cases every Store implementation must pass, run once per store
 * (test/store-contract.test.ts). A store that fails a case fails the build. Cases kept next to
 * the code they specify (bridge/src/store/*.contract.ts) are run from here too.
 */
export function storeContract(name: string, start: () => Promise<StoreFactory>): void {
  describe(`store contract: ${name}`, () => {
    let factory: StoreFactory | undefined;
    const open = () => {
      if (!factory) throw new Error('store factory not started');
      return factory.open();
    };
    beforeAll(async () => {
      factory = await start();
    });
    afterAll(async () => factory?.stop());

    describe('repositories', () => {
      let current: Store | undefined;
      const t: StoreUnderTest = {
        store: () => {
          if (!current) throw new Error('no store open');
          return current;
        },
      };
      beforeEach(async () => {
        current = await open();
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
      consoleListCases(t);
    });

    describeCallRepoContract(name, open);
    describeCustomerPhonesContract(name, open);
    describeSyncRepoContract(name, open, () => factory?.failInsertOf);
    describeSyncBatchContract(name, open);
    describeDialRepoContract(name, open);
    describeLeaseRepoContract(name, open);
  });
}
