import { randomUUID } from 'node:crypto';
import { partialWrite } from '../partial-write.js';
import type { SyncOutcome, SyncRepo, SyncSessionOptions, SyncSweep } from '../store.js';
import { CONVERSATION, CUSTOMER, DOCUMENT, decodeSyncRecord } from '../sync-rules.js';
import type { PgDatabase } from './database.js';
import { noteScrubPending } from './scrub.js';
import { writeBatch } from './sync-batch.js';

/** Deferred deletes applied per transaction at the end of a full sync. */
const SWEEP_PAGE = 500;
/** Records per transaction: a larger batch is written in several, one after another. */
const WRITE_CHUNK = 500;
/** Session keys removed per statement when a session ends. */
const FORGET_PAGE = 20_000;

/**
 * The bulk write path on PostgreSQL, with the SQLite writer's rules (sqlite/sync-writer.ts):
 * ownership by source, digests that make a repeated record a read, deletes of a full sync
 * deferred to `finish()`, and a sweep of what the source owns and did not mention. A session's
 * keys live in shared tables under a random session id rather than in temp tables: each batch
 * may run on another pooled connection, or another bridge.
 */
export function pgSyncRepo(db: PgDatabase): SyncRepo {
  return {
    begin: async (options) => {
      const session = randomUUID();
      let open = true;
      const ensureOpen = () => {
        if (!open) throw new Error('this sync session has ended');
      };
      // A million mentioned keys are forgotten in bounded statements, not in one long one.
      const forget = async () => {
        for (const table of ['sync_seen', 'sync_deferred']) {
          for (;;) {
            const gone = await db.query(`DELETE FROM ${table} WHERE ctid = ANY (ARRAY(SELECT ctid FROM ${table} WHERE session = $1 LIMIT ${FORGET_PAGE}))`, [session]);
            if ((gone.rowCount ?? 0) < FORGET_PAGE) break;
          }
        }
      };
      let queue: Promise<unknown> = Promise.resolve();
      return {
        // Planning a batch and building its parameters take about 25 µs a record on the event
        // loop; the statements run on the server while the loop is free.
        blocksEventLoop: false,
        write: async (records) => {
          ensureOpen();
          const now = new Date().toISOString();
          // One batch after another, in the order handed over: callers keep two in flight, and a
          // batch must see what the one before it wrote (a customer, then its documents).
          const run = queue.then(async () => {
            const out: SyncOutcome[] = [];
            // A long batch in transactions of WRITE_CHUNK records: none holds its locks for long.
            try {
              for (let i = 0; i < records.length; i += WRITE_CHUNK) {
                // Decoded a chunk at a time, just before it is written: a whole 2 MB batch
                // decoded at once held the event loop for 20 to 40 ms.
                const chunk = records.slice(i, i + WRITE_CHUNK).map(decodeSyncRecord);
                out.push(...(await db.tx((t) => writeBatch(t, session, options, chunk, now))));
              }
            } catch (err) {
              // The transactions before this one are committed: say which records they held.
              throw partialWrite(err, out);
            }
            return out;
          });
          queue = run.catch(() => undefined);
          return run;
        },
        finish: async () => {
          ensureOpen();
          open = false;
          await queue;
          try {
            return await sweep(db, session, options);
          } finally {
            await forget();
          }
        },
        abort: async () => {
          if (!open) return;
          open = false;
          // A batch still being written would leave its keys behind a forget that ran first.
          await queue;
          await forget();
        },
      };
    },
  };
}

/**
 * Deferred deletes (checked again: another writer may have taken the record since), then for a
 * full sync the sweep. Every step is one statement over a bounded set of rows: a page of
 * deferred keys, or a window of the source's rows in key order (keyset, so a step never rescans
 * what the steps before it read, however much of a million rows the session mentioned).
 */
async function sweep(db: PgDatabase, session: string, o: SyncSessionOptions): Promise<SyncSweep> {
  const removed: SyncSweep = { customers: 0, documents: 0, conversations: 0 };
  for (;;) {
    const step = await db.tx(async (t) => {
      // Take a page of deferred keys off the table, then delete what is still ours among them.
      const { rows } = await t.query<{ kind: number; k1: string; k2: string }>(
        `DELETE FROM sync_deferred WHERE (session, kind, k1, k2) IN (SELECT session, kind, k1, k2 FROM sync_deferred WHERE session = $1 LIMIT ${SWEEP_PAGE})
         RETURNING kind, k1, k2`,
        [session],
      );
      const customers = rows.filter((r) => r.kind === CUSTOMER).map((r) => r.k1);
      const documents = rows.filter((r) => r.kind === DOCUMENT);
      // Customers first: a document of a removed customer goes with it and is not counted again.
      const c = customers.length === 0 ? 0 : (await t.query(DEFERRED_CUSTOMERS, [customers, o.source])).rowCount ?? 0;
      const d = documents.length === 0 ? 0 : (await t.query(DEFERRED_DOCUMENTS, [documents.map((r) => r.k1), documents.map((r) => r.k2), o.source])).rowCount ?? 0;
      if (c > 0) await noteScrubPending(t, new Date().toISOString());
      return { c, d, more: rows.length === SWEEP_PAGE };
    });
    removed.customers += step.c;
    removed.documents += step.d;
    if (!step.more) break;
  }
  if (!o.full || o.source === null) return removed;
  for (const [kind, sql] of Object.entries(SWEEP) as [keyof SyncSweep, string][]) {
    let after: string[] = kind === 'conversations' ? ['0'] : kind === 'documents' ? ['', ''] : [''];
    for (;;) {
      const { rows } = await db.query<{ last: string[] | null; removed: number }>(sql, [o.source, session, ...after]);
      const { last, removed: n } = rows[0]!;
      removed[kind] += n;
      if (kind === 'customers' && n > 0) await noteScrubPending(db, new Date().toISOString());
      if (last === null) break;
      after = last;
    }
  }
  return removed;
}

/** Who may delete: the rule of sync-rules.ts `ownership`, in SQL ($2: the session's source). */
const OURS = `(source IS NULL OR $2::text IS NULL OR source = $2::text)`;

const DEFERRED_CUSTOMERS = `
  WITH gone AS (SELECT customer_no FROM customers WHERE customer_no = ANY($1::text[]) AND ${OURS} FOR UPDATE),
    calls_gone AS (DELETE FROM calls WHERE customer_no IN (SELECT customer_no FROM gone))
  DELETE FROM customers WHERE customer_no IN (SELECT customer_no FROM gone)`;

const DEFERRED_DOCUMENTS = `
  DELETE FROM documents d USING unnest($1::text[], $2::text[]) AS k(customer_no, document_no)
  WHERE d.customer_no = k.customer_no AND d.document_no = k.document_no AND (d.source IS NULL OR $3::text IS NULL OR d.source = $3::text)`;

/** Rows a sweep step reads: a window of the source's rows in key order, of which it deletes the unmentioned, in one statement. */
const SWEEP_WINDOW = 2000;

/**
 * One step of the sweep ($1 source, $2 session, $3.. the cursor): the next window of rows the
 * source owns after the cursor; those the session did not mention are deleted. Returns how many
 * went and the window's last key, null when the window reached the end.
 */
function sweepWindow(table: string, key: string[], cursor: string, read: string, mentioned: string, extra = ''): string {
  const k = key.join(', ');
  return `
  WITH win AS (SELECT ${read} FROM ${table} WHERE source = $1 AND (${k}) > (${cursor}) ORDER BY ${k} LIMIT ${SWEEP_WINDOW}),
    gone AS (SELECT ${k} FROM win w WHERE NOT EXISTS (SELECT 1 FROM sync_seen s WHERE s.session = $2 AND ${mentioned})),
    ${extra}
    del AS (DELETE FROM ${table} WHERE (${k}) IN (SELECT ${k} FROM gone) RETURNING 1)
  SELECT (SELECT count(*) FROM del)::int AS removed,
    CASE WHEN (SELECT count(*) FROM win) < ${SWEEP_WINDOW} THEN NULL
      ELSE (SELECT ARRAY[${key.map((c) => `${c}::text`).join(', ')}] FROM win ORDER BY ${key.map((c) => `${c} DESC`).join(', ')} LIMIT 1) END AS last`;
}

const SWEEP: Record<keyof SyncSweep, string> = {
  customers: sweepWindow(
    'customers',
    ['customer_no'],
    '$3::text',
    'customer_no',
    `s.kind = ${CUSTOMER} AND s.k1 = w.customer_no AND s.k2 = ''`,
    // Calls of a removed customer are personal data too.
    'calls_gone AS (DELETE FROM calls WHERE customer_no IN (SELECT customer_no FROM gone)),',
  ),
  documents: sweepWindow(
    'documents',
    ['customer_no', 'document_no'],
    '$3::text, $4::text',
    'customer_no, document_no',
    `s.kind = ${DOCUMENT} AND s.k1 = w.customer_no AND s.k2 = w.document_no`,
  ),
  conversations: sweepWindow('conversations', ['id'], '$3::int', 'id, customer_no, sync_key', `s.kind = ${CONVERSATION} AND s.k1 = w.customer_no AND s.k2 = w.sync_key`),
};
