import { describeSyncRepoContract } from '../sync-repo.contract.js';
import { openSqliteStore } from './index.js';

describeSyncRepoContract('SQLite', async () => openSqliteStore(':memory:'));
