import { randomUUID } from 'node:crypto';
import type { NormalizedCustomer, SyncOutcome, SyncRecord, SyncRepo, SyncSessionOptions, SyncSweep } from '../store.js';
import { searchBody } from '../search-body.js';
import type { PgDatabase, Queryable } from './database.js';
import { foldForSearch } from './search.js';
import { CONVERSATION, CUSTOMER, DOCUMENT, decodeSyncRecord, done, noCustomer, ownership, unchanged } from '../sync-rules.js';

/** Rows removed per transaction at the end of a full sync. */
const SWEEP_PAGE = 500;

interface Owned {
  source: string | null;
  sync_hash: string | null;
}

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
      const forget = () => db.tx(async (t) => {
        await t.query(`DELETE FROM sync_seen WHERE session = $1`, [session]);
        await t.query(`DELETE FROM sync_deferred WHERE session = $1`, [session]);
      });
      return {
        blocksEventLoop: false,
        write: async (records) => {
          ensureOpen();
          const now = new Date().toISOString();
          return db.tx(async (t) => {
            const out: SyncOutcome[] = [];
            for (const r of records) out.push(await one(t, session, options, decodeSyncRecord(r), now));
            return out;
          });
        },
        finish: async () => {
          ensureOpen();
          open = false;
          try {
            return await sweep(db, session, options);
          } finally {
            await forget();
          }
        },
        abort: async () => {
          if (!open) return;
          open = false;
          await forget();
        },
      };
    },
  };
}

async function seen(t: Queryable, session: string, kind: number, k1: string, k2: string): Promise<void> {
  await t.query(`INSERT INTO sync_seen (session, kind, k1, k2) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`, [session, kind, k1, k2]);
}

async function defer(t: Queryable, session: string, kind: number, k1: string, k2: string): Promise<void> {
  await t.query(`INSERT INTO sync_deferred (session, kind, k1, k2) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`, [session, kind, k1, k2]);
}

async function one(t: Queryable, session: string, o: SyncSessionOptions, r: SyncRecord, now: string): Promise<SyncOutcome> {
  switch (r.kind) {
    case 'customer':
      return putCustomer(t, session, o, r.customerNo, r.customer, r.hash, now);
    case 'document': {
      if (!(await customerRow(t, r.customerNo))) return noCustomer(r.customerNo);
      const row = await documentRow(t, r.customerNo, r.documentNo);
      const refusal = ownership(o.source, row?.source ?? null, 'documentNo', `document ${r.documentNo}`);
      if (refusal) return refusal;
      if (o.full) await seen(t, session, DOCUMENT, r.customerNo, r.documentNo);
      if (unchanged(row, r.hash, o.source)) return done('unchanged');
      const d = r.document;
      await t.query(
        `INSERT INTO documents (customer_no, document_no, kind, title, status, amount, currency, date, due, url, updated_at, source, sync_hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
         ON CONFLICT (customer_no, document_no) DO UPDATE SET
           kind = excluded.kind, title = excluded.title, status = excluded.status, amount = excluded.amount,
           currency = excluded.currency, date = excluded.date, due = excluded.due, url = excluded.url,
           updated_at = excluded.updated_at, source = COALESCE(excluded.source, documents.source), sync_hash = excluded.sync_hash`,
        [r.customerNo, r.documentNo, d.kind, d.title, d.status, d.amount, d.currency, d.date, d.due, d.url, now, o.source, r.hash],
      );
      return done(row ? 'updated' : 'created');
    }
    case 'conversation': {
      if (!(await customerRow(t, r.customerNo))) return noCustomer(r.customerNo);
      const row = (
        await t.query<Owned & { id: number }>(`SELECT id, source, sync_hash FROM conversations WHERE customer_no = $1 AND sync_key = $2 FOR UPDATE`, [r.customerNo, r.key])
      ).rows[0];
      const refusal = ownership(o.source, row?.source ?? null, 'conversationId', `conversation ${r.key}`);
      if (refusal) return refusal;
      if (o.full) await seen(t, session, CONVERSATION, r.customerNo, r.key);
      if (unchanged(row, r.hash, o.source)) return done('unchanged');
      const c = r.conversation;
      if (row) {
        // A conversation without a time keeps the date it got when it first arrived.
        await t.query(
          `UPDATE conversations SET at = COALESCE($1, at), channel = $2, agent = $3, contact = $4, subject = $5, summary = $6, result = $7,
             follow_up = $8, source = COALESCE($9, source), sync_hash = $10 WHERE id = $11`,
          [c.at ?? null, c.channel, c.agent, c.contact, c.subject, c.summary, c.result, c.followUp, o.source, r.hash, row.id],
        );
        return done('updated');
      }
      await t.query(
        `INSERT INTO conversations (customer_no, at, channel, agent, contact, subject, summary, result, follow_up, source, sync_key, sync_hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
        [r.customerNo, c.at ?? new Date().toISOString(), c.channel, c.agent, c.contact, c.subject, c.summary, c.result, c.followUp, o.source, r.key, r.hash],
      );
      return done('created');
    }
    case 'deleteCustomer': {
      const row = await customerRow(t, r.customerNo);
      if (!row) return done('unchanged');
      const refusal = ownership(o.source, row.source, '', `customer ${r.customerNo}`);
      if (refusal) return refusal;
      if (o.full) {
        await defer(t, session, CUSTOMER, r.customerNo, '');
        return done('deferred');
      }
      await deleteCustomer(t, r.customerNo);
      return done('deleted');
    }
    case 'deleteDocument': {
      const row = await documentRow(t, r.customerNo, r.documentNo);
      if (!row) return done('unchanged');
      const refusal = ownership(o.source, row.source, 'documentNo', `document ${r.documentNo}`);
      if (refusal) return refusal;
      if (o.full) {
        await defer(t, session, DOCUMENT, r.customerNo, r.documentNo);
        return done('deferred');
      }
      await t.query(`DELETE FROM documents WHERE customer_no = $1 AND document_no = $2`, [r.customerNo, r.documentNo]);
      return done('deleted');
    }
    case 'keep':
      if (o.full) await seen(t, session, r.documentNo === undefined ? CUSTOMER : DOCUMENT, r.customerNo, r.documentNo ?? '');
      return done('unchanged');
  }
}

/** The customer's owner and digest, locked for this transaction. */
async function customerRow(t: Queryable, customerNo: string): Promise<Owned | undefined> {
  return (await t.query<Owned>(`SELECT source, sync_hash FROM customers WHERE customer_no = $1 FOR UPDATE`, [customerNo])).rows[0];
}

/** The document's owner and digest, locked for this transaction. */
async function documentRow(t: Queryable, customerNo: string, documentNo: string): Promise<Owned | undefined> {
  return (await t.query<Owned>(`SELECT source, sync_hash FROM documents WHERE customer_no = $1 AND document_no = $2 FOR UPDATE`, [customerNo, documentNo])).rows[0];
}

/** As `customers.delete`: the customer with everything about them, calls included. */
async function deleteCustomer(t: Queryable, customerNo: string): Promise<boolean> {
  await t.query(`DELETE FROM calls WHERE customer_no = $1`, [customerNo]);
  return ((await t.query(`DELETE FROM customers WHERE customer_no = $1`, [customerNo])).rowCount ?? 0) > 0;
}

async function putCustomer(t: Queryable, session: string, o: SyncSessionOptions, customerNo: string, c: NormalizedCustomer, hash: string, now: string): Promise<SyncOutcome> {
  const row = await customerRow(t, customerNo);
  const refusal = ownership(o.source, row?.source ?? null, 'customerNo', `customer ${customerNo}`);
  if (refusal) return refusal;
  if (o.full) await seen(t, session, CUSTOMER, customerNo, '');
  if (unchanged(row, hash, o.source)) return done('unchanged');
  const phones = [...c.phones, ...c.contacts.flatMap((k) => k.phones)];
  const people = c.contacts.map((k) => ({ firstName: k.firstName, lastName: k.lastName, email: k.email }));
  const searchText = foldForSearch(searchBody(customerNo, c.company, people, phones));
  if (row) {
    await t.query(
      `UPDATE customers SET company = $2, notes = $3, customer_since = $4, updated_at = $5, source = COALESCE($6, source), sync_hash = $7, search_text = $8
       WHERE customer_no = $1`,
      [customerNo, c.company, c.notes, c.customerSince, now, o.source, hash, searchText],
    );
    // People and numbers are replaced wholesale (the source owns them); documents and conversations stay.
    await t.query(`DELETE FROM phones WHERE customer_no = $1`, [customerNo]);
    await t.query(`DELETE FROM contacts WHERE customer_no = $1`, [customerNo]);
  } else {
    await t.query(
      `INSERT INTO customers (customer_no, company, notes, customer_since, created_at, updated_at, source, sync_hash, search_text)
       VALUES ($1, $2, $3, $4, $5, $5, $6, $7, $8)`,
      [customerNo, c.company, c.notes, c.customerSince, now, o.source, hash, searchText],
    );
  }
  // All contacts in one statement, all numbers in another: four round trips for a new customer.
  // A number given twice to one owner is stored once (unique index phones_owner_number).
  const contactIds = new Map<number, number>();
  if (c.contacts.length > 0) {
    const k = c.contacts;
    const { rows } = await t.query<{ id: number; position: number }>(
      `INSERT INTO contacts (customer_no, position, salutation, first_name, last_name, role, email, birthday, notes)
       SELECT $1, * FROM unnest($2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[])
       RETURNING id, position`,
      [customerNo, k.map((_, i) => i), k.map((x) => x.salutation), k.map((x) => x.firstName), k.map((x) => x.lastName), k.map((x) => x.role), k.map((x) => x.email), k.map((x) => x.birthday), k.map((x) => x.notes)],
    );
    for (const r of rows) contactIds.set(r.position, r.id);
  }
  const numbered = [
    ...c.phones.map((p) => ({ contactId: null as number | null, p })),
    ...c.contacts.flatMap((k, i) => k.phones.map((p) => ({ contactId: contactIds.get(i)!, p }))),
  ];
  if (numbered.length > 0) {
    await t.query(
      `INSERT INTO phones (customer_no, contact_id, position, number, e164, label, main)
       SELECT $1, * FROM unnest($2::int[], $3::int[], $4::text[], $5::text[], $6::text[], $7::boolean[])
       ON CONFLICT DO NOTHING`,
      [customerNo, numbered.map((n) => n.contactId), numbered.map((_, i) => i), numbered.map((n) => n.p.number), numbered.map((n) => n.p.e164), numbered.map((n) => n.p.label), numbered.map((n) => n.p.main)],
    );
  }
  return done(row ? 'updated' : 'created');
}

/** Deferred deletes (checked again: another writer may have taken the record since), then for a full sync the sweep, in pages. */
async function sweep(db: PgDatabase, session: string, o: SyncSessionOptions): Promise<SyncSweep> {
  const removed: SyncSweep = { customers: 0, documents: 0, conversations: 0 };
  for (;;) {
    const more = await db.tx(async (t) => {
      const { rows } = await t.query<{ kind: number; k1: string; k2: string }>(`SELECT kind, k1, k2 FROM sync_deferred WHERE session = $1 LIMIT ${SWEEP_PAGE}`, [session]);
      for (const d of rows) {
        if (d.kind === CUSTOMER) {
          const row = await customerRow(t, d.k1);
          if (row && !ownership(o.source, row.source, '', '') && (await deleteCustomer(t, d.k1))) removed.customers++;
        } else {
          const row = await documentRow(t, d.k1, d.k2);
          if (row && !ownership(o.source, row.source, '', '')) removed.documents += (await t.query(`DELETE FROM documents WHERE customer_no = $1 AND document_no = $2`, [d.k1, d.k2])).rowCount ?? 0;
        }
        await t.query(`DELETE FROM sync_deferred WHERE session = $1 AND kind = $2 AND k1 = $3 AND k2 = $4`, [session, d.kind, d.k1, d.k2]);
      }
      return rows.length > 0;
    });
    if (!more) break;
  }
  if (!o.full || o.source === null) return removed;
  const pages: [keyof SyncSweep, string][] = [
    ['customers', `WITH gone AS (SELECT customer_no FROM customers c WHERE source = $1
        AND NOT EXISTS (SELECT 1 FROM sync_seen s WHERE s.session = $2 AND s.kind = ${CUSTOMER} AND s.k1 = c.customer_no AND s.k2 = '')
        ORDER BY customer_no LIMIT ${SWEEP_PAGE}),
      calls_gone AS (DELETE FROM calls WHERE customer_no IN (SELECT customer_no FROM gone))
      DELETE FROM customers WHERE customer_no IN (SELECT customer_no FROM gone)`],
    ['documents', `DELETE FROM documents WHERE (customer_no, document_no) IN (SELECT customer_no, document_no FROM documents d WHERE source = $1
        AND NOT EXISTS (SELECT 1 FROM sync_seen s WHERE s.session = $2 AND s.kind = ${DOCUMENT} AND s.k1 = d.customer_no AND s.k2 = d.document_no)
        LIMIT ${SWEEP_PAGE})`],
    ['conversations', `DELETE FROM conversations WHERE id IN (SELECT id FROM conversations c WHERE source = $1
        AND NOT EXISTS (SELECT 1 FROM sync_seen s WHERE s.session = $2 AND s.kind = ${CONVERSATION} AND s.k1 = c.customer_no AND s.k2 = c.sync_key)
        LIMIT ${SWEEP_PAGE})`],
  ];
  for (const [kind, sql] of pages) {
    for (;;) {
      const n = (await db.query(sql, [o.source, session])).rowCount ?? 0;
      removed[kind] += n;
      if (n < SWEEP_PAGE) break;
    }
  }
  return removed;
}
