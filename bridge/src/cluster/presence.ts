import pg from 'pg';
import type { Logger } from '../util/logger.js';

/**
 * Who else runs on this PostgreSQL database, without a table of our own: every bridge holds one
 * connection whose `application_name` says it is a Ringside bridge and which Redis it shares
 * state through. PostgreSQL lists live connections in `pg_stat_activity`, and a connection ends
 * with its process (kill -9 included), so a crashed instance cannot leave a stale entry behind
 * and no heartbeat or expiry is needed. Start-up checks under an advisory lock, so two
 * instances starting at the same moment cannot both miss each other.
 */
const PREFIX = 'ringside-bridge ';
/** One advisory lock key for the start-up check ('rsbr' in ASCII). */
const CHECK_LOCK = 0x72736272;
const RECONNECT_MS = 2000;

export class InstanceConflictError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InstanceConflictError';
  }
}

export interface Presence {
  /** Other bridges on this database right now (for the log and the console). */
  others(): Promise<number>;
  close(): Promise<void>;
}

/**
 * `shared`: a short fingerprint of the Redis this instance uses (cluster/redis.ts), or null
 * without Redis. Refuses to start when another bridge is live on the database and either side
 * has no Redis, or they use different ones: their sockets would not hear of each other's calls.
 */
export async function announcePresence(url: string, opts: { instanceId: string; shared: string | null; log: Logger }): Promise<Presence> {
  const name = `${PREFIX}${opts.shared ?? '-'} ${opts.instanceId}`.slice(0, 63);
  let client: pg.Client | null = await register(url, name, opts.shared);
  let closing = false;
  let reconnecting = false;
  const reconnect = () => {
    client = null;
    // One retry loop at a time, however many error events the dead connection emits.
    if (closing || reconnecting) return;
    reconnecting = true;
    // PostgreSQL restarted: come back under the same name (no check: we were here first).
    setTimeout(() => {
      reconnecting = false;
      connect(url, name).then(
        (c) => {
          client = c;
          c.on('error', reconnect);
        },
        () => reconnect(),
      );
    }, RECONNECT_MS).unref();
  };
  client.on('error', (err) => {
    opts.log.warn('presence connection lost', { error: err.message });
    reconnect();
  });
  return {
    others: async () => (client ? (await others(client, name)).length : 0),
    close: async () => {
      closing = true;
      await client?.end().catch(() => undefined);
    },
  };
}

async function connect(url: string, name: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, application_name: name, connectionTimeoutMillis: 5000 });
  await client.connect();
  return client;
}

async function others(client: pg.Client, name: string): Promise<string[]> {
  const { rows } = await client.query<{ application_name: string }>(
    `SELECT application_name FROM pg_stat_activity
      WHERE datname = current_database() AND pid <> pg_backend_pid() AND application_name LIKE $1 AND application_name <> $2`,
    [`${PREFIX}%`, name],
  );
  return rows.map((r) => r.application_name);
}

async function register(url: string, name: string, shared: string | null): Promise<pg.Client> {
  const client = await connect(url, name);
  try {
    await client.query('SELECT pg_advisory_lock($1)', [CHECK_LOCK]);
    const conflict = (await others(client, name))
      .map((n) => n.slice(PREFIX.length).split(' ')[0]!)
      .find((theirs) => shared === null || theirs === '-' || theirs !== shared);
    if (conflict !== undefined) {
      throw new InstanceConflictError(
        shared === null
          ? 'another Ringside bridge is running on this database: several instances need RINGSIDE_REDIS_URL (the same Redis for all), or their agents miss each other\'s calls'
          : conflict === '-'
            ? 'another Ringside bridge runs on this database without RINGSIDE_REDIS_URL: give every instance the same RINGSIDE_REDIS_URL'
            : 'another Ringside bridge on this database uses a different Redis (RINGSIDE_REDIS_URL / RINGSIDE_REDIS_PREFIX): all instances must share one',
      );
    }
    // Held until the connection ends; the lock only spans the check.
    await client.query('SELECT pg_advisory_unlock($1)', [CHECK_LOCK]);
    return client;
  } catch (err) {
    await client.end().catch(() => undefined);
    throw err;
  }
}
