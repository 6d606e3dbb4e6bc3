import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { describeSyncContract } from '../sync-contract.js';
import { openSqliteStore } from './index.js';

const dir = mkdtempSync(join(tmpdir(), 'ringside-sync-contract-'));
let n = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describeSyncContract('SQLite', async () => openSqliteStore(join(dir, `store-${++n}.sqlite`)));
