import { createHash, randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Config } from '../config.js';
import type { Logger } from '../util/logger.js';
import type { Coordination } from './coordination.js';
import { MemoryCoordination } from './memory.js';
import { announcePresence, type Presence } from './presence.js';
import { RedisCoordination } from './redis.js';

export interface SharedState {
  instanceId: string;
  coordination: Coordination;
  close(): Promise<void>;
}

/**
 * What this instance shares with others, opened at start-up: Redis when configured (else this
 * process's memory) and, on PostgreSQL, its presence on the database, which refuses a second
 * instance that would not hear of the first one's calls (cluster/presence.ts).
 */
export async function openSharedState(config: Pick<Config, 'redis' | 'database'>, log: Logger): Promise<SharedState> {
  const instanceId = `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  let coordination: Coordination = new MemoryCoordination();
  if (config.redis) {
    const redis = new RedisCoordination({ url: config.redis.url, prefix: config.redis.prefix, log });
    await redis.connect();
    coordination = redis;
  }
  let presence: Presence | null = null;
  if (config.database) {
    try {
      presence = await announcePresence(config.database.url, { instanceId, shared: config.redis ? fingerprint(config.redis) : null, log });
    } catch (err) {
      await coordination.close();
      throw err;
    }
    const others = await presence.others();
    if (others > 0) log.info('other bridge instances on this database', { count: others });
  }
  return {
    instanceId,
    coordination,
    close: async () => {
      await coordination.close();
      await presence?.close();
    },
  };
}

/** The same Redis and prefix give the same short value; the password stays out of it. */
function fingerprint(redis: NonNullable<Config['redis']>): string {
  const u = new URL(redis.url);
  return createHash('sha256').update(`${u.hostname}:${u.port || '6379'}${u.pathname}|${redis.prefix}`).digest('hex').slice(0, 12);
}
