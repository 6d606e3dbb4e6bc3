import pg from 'pg';
import { StoreUnavailableError } from '../store.js';

/** int8 (ids, counts) as numbers: they stay far below 2^53 here, and the contract speaks number. */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === pg.types.builtins.INT8 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

export interface PgOptions {
  /** Connections of the general pool (reads, customer writes); call transactions get half as many more. */
  poolSize: number;
  /** How long to wait for a connection before answering "unavailable". */
  connectTimeoutMs?: number;
  /** Told when the server drops an idle connection (restart, failover); the pool replaces it. */
  onConnectionLost?: (err: Error) => void;
}

/** What a repository runs statements on: the database (any pooled connection) or one transaction. */
export interface Queryable {
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(sql: string, params?: unknown[]): Promise<pg.QueryResult<R>>;
}

/**
 * Two bounded pools on one database. Applying a call event holds a transaction (and the
 * call's lock) while the caller lookup runs on other connections: with one pool, enough
 * concurrent events could hold every connection and wait forever for one more. Call
 * transactions therefore take theirs from `calls`, lookups and everything else from `main`.
 */
export class PgDatabase implements Queryable {
  readonly main: pg.Pool;
  readonly calls: pg.Pool;

  constructor(url: string, options: PgOptions) {
    const common: pg.PoolConfig = {
      connectionString: url,
      types,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
      idleTimeoutMillis: 30_000,
      // A stuck statement or a bridge that hangs inside a transaction must not hold locks forever.
      statement_timeout: 15_000,
      idle_in_transaction_session_timeout: 30_000,
      application_name: 'ringside',
    };
    this.main = new pg.Pool({ ...common, max: options.poolSize });
    this.calls = new pg.Pool({ ...common, max: Math.max(2, Math.ceil(options.poolSize / 2)) });
    // An idle connection dropped by the server (restart, failover) is reported by pg as an
    // 'error' event; unhandled it would crash the process. The pool replaces it on next use.
    const lost = options.onConnectionLost ?? (() => undefined);
    for (const pool of [this.main, this.calls]) pool.on('error', lost);
  }

  async query<R extends pg.QueryResultRow = pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<pg.QueryResult<R>> {
    try {
      return await this.main.query<R>(sql, params);
    } catch (err) {
      throw unavailableOr(err);
    }
  }

  /** One transaction on one connection; rolled back when `fn` throws. */
  async tx<T>(fn: (client: Queryable) => Promise<T>, pool: pg.Pool = this.main): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await pool.connect();
    } catch (err) {
      throw unavailableOr(err);
    }
    let broken: unknown;
    // The server can drop the connection while we hold it between statements (waiting for a
    // lookup inside a call transaction): pg then emits 'error' on the client, which would crash
    // the process unheard. Remember it; the next statement fails and the client is discarded.
    const onError = (err: Error) => (broken = err);
    client.on('error', onError);
    try {
      await client.query('BEGIN');
      const result = await fn(wrapped(client));
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch((e: unknown) => (broken = e));
      if (isConnectionError(err)) broken = err;
      throw unavailableOr(err);
    } finally {
      // A connection that failed mid-transaction is discarded, not handed to the next caller.
      client.off('error', onError);
      client.release(broken instanceof Error ? broken : broken ? new Error(String(broken)) : undefined);
    }
  }

  async close(): Promise<void> {
    await Promise.all([this.main.end(), this.calls.end()]);
  }
}

function wrapped(client: pg.PoolClient): Queryable {
  return {
    query: async <R extends pg.QueryResultRow>(sql: string, params?: unknown[]) => {
      try {
        return await client.query<R>(sql, params);
      } catch (err) {
        throw unavailableOr(err);
      }
    },
  };
}

/**
 * SQLSTATE classes and socket errors that mean "the server is not there right now": connection
 * exceptions (08), shutdown or start-up (57P01-57P03), too many connections (53300).
 */
export function isConnectionError(err: unknown): boolean {
  if (err instanceof StoreUnavailableError) return true;
  const e = err as { code?: unknown; message?: unknown };
  const code = typeof e.code === 'string' ? e.code : '';
  if (/^08/.test(code) || ['57P01', '57P02', '57P03', '53300'].includes(code)) return true;
  if (['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH'].includes(code)) return true;
  const message = typeof e.message === 'string' ? e.message : '';
  return /Connection terminated|timeout exceeded when trying to connect|not queryable|Client was closed|connection timeout/i.test(message);
}

function unavailableOr(err: unknown): unknown {
  if (err instanceof StoreUnavailableError || !isConnectionError(err)) return err;
  const detail = err instanceof Error ? err.message : String(err);
  return new StoreUnavailableError(`PostgreSQL unavailable: ${detail}`, { cause: err });
}
