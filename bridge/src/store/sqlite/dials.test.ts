import { describeDialRepoContract } from '../dial-repo.contract.js';
import { openSqliteStore } from './index.js';

describeDialRepoContract('SQLite', async () => openSqliteStore(':memory:'));
