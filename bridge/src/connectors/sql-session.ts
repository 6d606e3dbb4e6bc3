import pg from 'pg';
import Cursor from 'pg-cursor';
import mysql from 'mysql2';
import { ConnectorError } from './connector.js';

/**
 * A read-only session on the ERP's database. Every query runs inside a READ ONLY transaction
 * that is rolled back at the end, so the connector cannot change the source even if a query
 * tries to. Rows are streamed in batches, never fetched whole.
 */
export interface SqlSession {
  /** Column names of `query`'s result, without reading its rows. */
  columns(query: string): Promise<string[]>;
  /**
   * `query`'s rows ordered by the columns `orderBy` (the key first, then all others), in batches:
   * the same data gives the same rows in the same order, so an unchanged customer stays
   * "unchanged" and does not flip its contacts around between runs.
   */
  rows(query: string, orderBy: string[]): AsyncIterable<Record<string, unknown>[]>;
  close(): Promise<void>;
}

const BATCH = 500;

/** `SELECT ...;` -> `SELECT ...`: the query is wrapped as a subquery. */
const bare = (query: string) => query.trim().replace(/;\s*$/, '');

function ordered(query: string, orderBy: string[], quote: (name: string) => string): string {
  return `SELECT * FROM (${bare(query)}) AS ringside_q${orderBy.length > 0 ? ` ORDER BY ${orderBy.map(quote).join(', ')}` : ''}`;
}

export async function openSqlSession(url: string, password: string | null): Promise<SqlSession> {
  const scheme = url.slice(0, url.indexOf(':')).toLowerCase();
  return scheme === 'mysql' || scheme === 'mariadb' ? openMysql(url.replace(/^mariadb:/i, 'mysql:'), password) : openPostgres(url, password);
}

async function openPostgres(url: string, password: string | null): Promise<SqlSession> {
  const types = {
    // DATE stays `YYYY-MM-DD`: a Date object would shift it by the bridge's zone.
    getTypeParser: (oid: number, format?: 'text' | 'binary') => (oid === 1082 ? (v: string) => v : pg.types.getTypeParser(oid, format)),
  };
  // pg lets the connection string's (absent) password win over a `password` option: put it in.
  const target = new URL(url.replace(/^postgres:/i, 'postgresql:'));
  if (password !== null) target.password = encodeURIComponent(password);
  const client = new pg.Client({
    connectionString: target.href,
    types,
    connectionTimeoutMillis: 10_000,
    application_name: 'ringside-connector',
  });
  // The server may end the connection mid-run (a restart, pg_terminate_backend): pg fails the
  // query in flight and also emits 'error' on the client, which unheard would end the process.
  // Closing a cursor or the client on a connection that is gone waits forever for an answer,
  // so each such wait also ends when the connection does.
  let gone = false;
  let markGone = () => undefined as void;
  const whenGone = new Promise<void>((resolve) => (markGone = resolve));
  const lost = () => {
    gone = true;
    markGone();
  };
  client.on('error', lost);
  client.on('end', lost);
  try {
    await client.connect();
    await client.query('BEGIN TRANSACTION READ ONLY');
  } catch (err) {
    await client.end().catch(() => {});
    throw translate(err);
  }
  const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;
  return {
    async columns(query) {
      const res = await client.query(`SELECT * FROM (${bare(query)}) AS ringside_q LIMIT 0`).catch((e: unknown) => Promise.reject(translate(e)));
      return res.fields.map((f) => f.name);
    },
    async *rows(query, orderBy) {
      const sql = ordered(query, orderBy, quote);
      const cursor = client.query(new Cursor<Record<string, unknown>>(sql));
      try {
        for (;;) {
          const batch = await cursor.read(BATCH).catch((e: unknown) => Promise.reject(translate(e)));
          if (batch.length === 0) break;
          yield batch;
        }
      } finally {
        await Promise.race([cursor.close().catch(() => {}), whenGone]);
      }
    },
    async close() {
      if (gone) return;
      await Promise.race([client.query('ROLLBACK').catch(() => {}), whenGone]);
      if (!gone) await Promise.race([client.end().catch(() => {}), whenGone]);
    },
  };
}

async function openMysql(url: string, password: string | null): Promise<SqlSession> {
  const conn = mysql.createConnection({
    uri: url,
    ...(password !== null && { password }),
    // DATE stays text; DATETIME becomes a Date in the bridge's zone, as a zone-less value must.
    dateStrings: ['DATE'],
    supportBigNumbers: true,
    bigNumberStrings: true,
    connectTimeout: 10_000,
  });
  // A connection killed mid-run fails the query in flight; the 'error' event after it must not
  // end the process, and close() must not wait for an answer that cannot come.
  let lost = false;
  conn.on('error', () => (lost = true));
  const run = (sql: string) =>
    new Promise<void>((resolve, reject) => conn.query(sql, (err) => (err ? reject(translate(err)) : resolve())));
  try {
    await run('START TRANSACTION READ ONLY');
  } catch (err) {
    conn.destroy();
    throw err;
  }
  const quote = (name: string) => `\`${name.replace(/`/g, '``')}\``;
  return {
    columns(query) {
      return new Promise((resolve, reject) =>
        conn.query(`SELECT * FROM (${bare(query)}) AS ringside_q LIMIT 0`, (err, _rows, fields) =>
          err ? reject(translate(err)) : resolve((fields ?? []).map((f) => f.name)),
        ),
      );
    },
    async *rows(query, orderBy) {
      const sql = ordered(query, orderBy, quote);
      const stream = conn.query(sql).stream({ highWaterMark: BATCH });
      let batch: Record<string, unknown>[] = [];
      try {
        for await (const row of stream) {
          batch.push(row as Record<string, unknown>);
          if (batch.length >= BATCH) {
            yield batch;
            batch = [];
          }
        }
      } catch (err) {
        throw translate(err);
      }
      if (batch.length > 0) yield batch;
    },
    async close() {
      if (!lost) await run('ROLLBACK').catch(() => {});
      if (lost) conn.destroy();
      else await new Promise<void>((resolve) => conn.end(() => resolve()));
    },
  };
}

/** Driver errors in words; the database's own message follows, since it names table and column. */
function translate(err: unknown): Error {
  const e = err as { code?: string; message?: string; errno?: number };
  const message = e.message ?? String(err);
  switch (e.code) {
    case '28P01':
    case '28000':
    case 'ER_ACCESS_DENIED_ERROR':
      return new ConnectorError(`the database refused the user name or password (${message})`, { cause: err, code: 'auth' });
    case '3D000':
    case 'ER_BAD_DB_ERROR':
      return new ConnectorError(`the database does not exist (${message})`, { cause: err, code: 'not_found' });
    case '57P01':
    case '57P02':
    case '57P03':
    case 'ER_CONNECTION_KILLED':
    case 'ER_QUERY_INTERRUPTED':
    case 'PROTOCOL_CONNECTION_LOST':
      return new ConnectorError(`the database ended the connection during the run, so nothing of it was written (${message})`, { cause: err, code: 'unreachable' });
    case '25006':
    case 'ER_CANT_EXECUTE_IN_READ_ONLY_TRANSACTION':
      return new ConnectorError(`the query tried to change data; connectors only read (${message})`, { cause: err, code: 'read_only' });
    default:
      // pg, when the server went away without a word (a crash, a cut network).
      if (message === 'Connection terminated unexpectedly') return new ConnectorError(`the database ended the connection during the run, so nothing of it was written (${message})`, { cause: err, code: 'unreachable' });
      return err instanceof Error ? err : new Error(message);
  }
}
