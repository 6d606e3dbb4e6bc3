import { describeCallRepoContract } from '../call-repo.contract.js';
import { openSqliteStore } from './index.js';

describeCallRepoContract('SQLite', async () => openSqliteStore(':memory:'));
