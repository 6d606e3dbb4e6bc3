import type { Config } from '../config.js';
import type { Logger } from '../util/logger.js';
import { openPostgresStore } from './postgres/index.js';
import { openSqliteStore } from './sqlite/index.js';
import type { Store } from './store.js';

/** PostgreSQL when `RINGSIDE_DATABASE_URL` is set, else the SQLite file (the default). */
export async function openStore(config: Pick<Config, 'dbFile' | 'database'>, log?: Logger): Promise<Store> {
  if (!config.database) {
    return openSqliteStore(config.dbFile, {
      onUpgrade: (from, to) => log?.info('upgrading the database schema: on a large database this takes a while', { from, to }),
    });
  }
  return openPostgresStore(config.database.url, {
    poolSize: config.database.poolSize,
    onConnectionLost: (err) => log?.warn('database connection lost', { error: err.message }),
  });
}

/** Where the data lives, for the log: the PostgreSQL URL without its password. */
export function describeStore(config: Pick<Config, 'dbFile' | 'database'>): string {
  if (!config.database) return config.dbFile;
  const url = new URL(config.database.url);
  if (url.password) url.password = '***';
  return url.toString();
}
