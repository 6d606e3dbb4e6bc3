import { customerSearchBody } from '../search-body.js';
import type { SyncOutcome, SyncRecord, SyncSessionOptions } from '../store.js';
import type { Queryable } from './database.js';
import { noteScrubPending } from './scrub.js';
import { docKey, planBatch, type Owned, type Stored, type SyncPlan } from './sync-plan.js';

/**
 * One batch of the bulk write path on PostgreSQL, set-based: one locked read per table for
 * every key the batch names, the decisions in JS (sync-plan.ts, the shared rules), then at most
 * a dozen multi-row statements (`unnest` of one array per column), however large the batch.
 * Row by row, a 2,000-record batch was about 10,000 round trips.
 */
export async function writeBatch(t: Queryable, session: string, o: SyncSessionOptions, records: readonly SyncRecord[], now: string): Promise<SyncOutcome[]> {
  const plan = planBatch(records, o, await readStored(t, records), now);
  await applyPlan(t, session, o, plan, now);
  return plan.outcomes;
}

/** The stored owner and digest of every key the batch names, locked (FOR UPDATE) until commit. */
async function readStored(t: Queryable, records: readonly SyncRecord[]): Promise<Stored> {
  const customerNos = new Set<string>();
  const documents = new Map<string, [string, string]>();
  const conversations = new Map<string, [string, string]>();
  for (const r of records) {
    if (r.kind === 'keep') continue;
    customerNos.add(r.customerNo);
    if (r.kind === 'document' || r.kind === 'deleteDocument') documents.set(docKey(r.customerNo, r.documentNo), [r.customerNo, r.documentNo]);
    if (r.kind === 'conversation') conversations.set(docKey(r.customerNo, r.key), [r.customerNo, r.key]);
  }
  const stored: Stored = { customers: new Map(), documents: new Map(), conversations: new Map() };
  if (customerNos.size > 0) {
    // In key order, so two writers locking overlapping batches take the locks in the same order.
    const { rows } = await t.query<Owned & { customer_no: string }>(
      `SELECT customer_no, source, sync_hash FROM customers WHERE customer_no = ANY($1::text[]) ORDER BY customer_no FOR UPDATE`,
      [[...customerNos]],
    );
    for (const r of rows) stored.customers.set(r.customer_no, { source: r.source, sync_hash: r.sync_hash });
  }
  if (documents.size > 0) {
    const keys = [...documents.values()];
    const { rows } = await t.query<Owned & { customer_no: string; document_no: string }>(
      `SELECT d.customer_no, d.document_no, d.source, d.sync_hash
       FROM documents d JOIN unnest($1::text[], $2::text[]) AS k(customer_no, document_no) ON d.customer_no = k.customer_no AND d.document_no = k.document_no
       ORDER BY d.customer_no, d.document_no FOR UPDATE OF d`,
      [keys.map((k) => k[0]), keys.map((k) => k[1])],
    );
    for (const r of rows) stored.documents.set(docKey(r.customer_no, r.document_no), { source: r.source, sync_hash: r.sync_hash });
  }
  if (conversations.size > 0) {
    const keys = [...conversations.values()];
    const { rows } = await t.query<Owned & { id: number; customer_no: string; sync_key: string }>(
      `SELECT c.id, c.customer_no, c.sync_key, c.source, c.sync_hash
       FROM conversations c JOIN unnest($1::text[], $2::text[]) AS k(customer_no, sync_key) ON c.customer_no = k.customer_no AND c.sync_key = k.sync_key
       ORDER BY c.id FOR UPDATE OF c`,
      [keys.map((k) => k[0]), keys.map((k) => k[1])],
    );
    for (const r of rows) stored.conversations.set(docKey(r.customer_no, r.sync_key), { id: r.id, source: r.source, sync_hash: r.sync_hash });
  }
  return stored;
}

const column = <T, V>(rows: readonly T[], pick: (row: T) => V): V[] => rows.map(pick);

async function applyPlan(t: Queryable, session: string, o: SyncSessionOptions, plan: SyncPlan, now: string): Promise<void> {
  if (plan.deleteCustomers.length > 0) {
    // As `customers.delete`: the customer with everything about them, calls included.
    await t.query(
      `WITH calls_gone AS (DELETE FROM calls WHERE customer_no = ANY($1::text[])) DELETE FROM customers WHERE customer_no = ANY($1::text[])`,
      [plan.deleteCustomers],
    );
    await noteScrubPending(t, now);
  }
  await writeCustomers(t, o, plan, now);
  if (plan.deleteDocuments.length > 0) {
    await t.query(
      `DELETE FROM documents d USING unnest($1::text[], $2::text[]) AS k(customer_no, document_no) WHERE d.customer_no = k.customer_no AND d.document_no = k.document_no`,
      [column(plan.deleteDocuments, (d) => d.customerNo), column(plan.deleteDocuments, (d) => d.documentNo)],
    );
  }
  if (plan.documents.length > 0) {
    const d = plan.documents;
    await t.query(
      `INSERT INTO documents (customer_no, document_no, kind, title, status, amount, currency, date, due, url, updated_at, source, sync_hash)
       SELECT u.customer_no, u.document_no, u.kind, u.title, u.status, u.amount, u.currency, u.date, u.due, u.url, $11, $12::text, u.sync_hash
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::float8[], $7::text[], $8::text[], $9::text[], $10::text[], $13::text[])
         AS u(customer_no, document_no, kind, title, status, amount, currency, date, due, url, sync_hash)
       ON CONFLICT (customer_no, document_no) DO UPDATE SET
         kind = excluded.kind, title = excluded.title, status = excluded.status, amount = excluded.amount,
         currency = excluded.currency, date = excluded.date, due = excluded.due, url = excluded.url,
         updated_at = excluded.updated_at, source = COALESCE(excluded.source, documents.source), sync_hash = excluded.sync_hash`,
      [
        column(d, (x) => x.customerNo),
        column(d, (x) => x.documentNo),
        column(d, (x) => x.document.kind),
        column(d, (x) => x.document.title),
        column(d, (x) => x.document.status),
        column(d, (x) => x.document.amount),
        column(d, (x) => x.document.currency),
        column(d, (x) => x.document.date),
        column(d, (x) => x.document.due),
        column(d, (x) => x.document.url),
        now,
        o.source,
        column(d, (x) => x.hash),
      ],
    );
  }
  await writeConversations(t, o, plan);
  for (const [table, keys] of [
    ['sync_seen', plan.seen],
    ['sync_deferred', plan.deferred],
  ] as const) {
    if (keys.length === 0) continue;
    await t.query(`INSERT INTO ${table} (session, kind, k1, k2) SELECT $1, * FROM unnest($2::smallint[], $3::text[], $4::text[]) ON CONFLICT DO NOTHING`, [
      session,
      column(keys, (k) => k[0]),
      column(keys, (k) => k[1]),
      column(keys, (k) => k[2]),
    ]);
  }
}

/** Customers in one statement; their people and numbers replaced wholesale (the source owns them), documents and conversations stay. */
async function writeCustomers(t: Queryable, o: SyncSessionOptions, plan: SyncPlan, now: string): Promise<void> {
  const c = plan.customers;
  if (c.length === 0) return;
  // One statement: stored rows (locked by the read) are updated, new ones inserted without ON
  // CONFLICT, so a customer another session created meanwhile fails the batch (as row by row)
  // instead of being taken over silently.
  await t.query(
    `WITH u AS (
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $7::text[], $8::text[], $9::boolean[])
         AS u(customer_no, company, notes, customer_since, sync_hash, search_text, stored)),
     updated AS (
       UPDATE customers c SET company = u.company, notes = u.notes, customer_since = u.customer_since, updated_at = $5,
         source = COALESCE($6::text, c.source), sync_hash = u.sync_hash, search_text = u.search_text
       FROM u WHERE u.stored AND c.customer_no = u.customer_no)
     INSERT INTO customers (customer_no, company, notes, customer_since, created_at, updated_at, source, sync_hash, search_text)
     SELECT u.customer_no, u.company, u.notes, u.customer_since, $5, $5, $6::text, u.sync_hash, u.search_text FROM u WHERE NOT u.stored`,
    [
      column(c, (x) => x.customerNo),
      column(c, (x) => x.customer.company),
      column(c, (x) => x.customer.notes),
      column(c, (x) => x.customer.customerSince),
      now,
      o.source,
      column(c, (x) => x.hash),
      column(c, (x) => customerSearchBody(x.customerNo, x.customer)),
      column(c, (x) => x.stored),
    ],
  );
  const replaced = c.filter((x) => x.stored).map((x) => x.customerNo);
  if (replaced.length > 0) {
    // Contacts take their own numbers with them (ON DELETE CASCADE); the customer's own go here.
    await t.query(`WITH contacts_gone AS (DELETE FROM contacts WHERE customer_no = ANY($1::text[])) DELETE FROM phones WHERE customer_no = ANY($1::text[])`, [replaced]);
  }
  const contacts = c.flatMap((x) => x.customer.contacts.map((k, position) => ({ customerNo: x.customerNo, position, k })));
  // Numbers in the order the row-by-row writer gave them positions: the customer's, then each contact's.
  const phones = c.flatMap((x) => {
    const own = x.customer.phones.map((p) => ({ contact: null as number | null, p }));
    const theirs = x.customer.contacts.flatMap((k, i) => k.phones.map((p) => ({ contact: i as number | null, p })));
    return [...own, ...theirs].map((n, position) => ({ customerNo: x.customerNo, position, ...n }));
  });
  if (contacts.length === 0 && phones.length === 0) return;
  // One statement: the contacts' new ids join their numbers by (customer, position). A number
  // given twice to one owner is stored once (unique index phones_owner_number), the first one.
  await t.query(
    `WITH k AS (
       INSERT INTO contacts (customer_no, position, salutation, first_name, last_name, role, email, birthday, notes)
       SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[])
       RETURNING id, customer_no, position)
     INSERT INTO phones (customer_no, contact_id, position, number, e164, label, main)
     SELECT p.customer_no, k.id, p.position, p.number, p.e164, p.label, p.main
     FROM unnest($10::text[], $11::int[], $12::int[], $13::text[], $14::text[], $15::text[], $16::boolean[]) WITH ORDINALITY
       AS p(customer_no, contact, position, number, e164, label, main, ord)
     LEFT JOIN k ON k.customer_no = p.customer_no AND k.position = p.contact
     ORDER BY p.ord
     ON CONFLICT DO NOTHING`,
    [
      column(contacts, (x) => x.customerNo),
      column(contacts, (x) => x.position),
      column(contacts, (x) => x.k.salutation),
      column(contacts, (x) => x.k.firstName),
      column(contacts, (x) => x.k.lastName),
      column(contacts, (x) => x.k.role),
      column(contacts, (x) => x.k.email),
      column(contacts, (x) => x.k.birthday),
      column(contacts, (x) => x.k.notes),
      column(phones, (x) => x.customerNo),
      column(phones, (x) => x.contact),
      column(phones, (x) => x.position),
      column(phones, (x) => x.p.number),
      column(phones, (x) => x.p.e164),
      column(phones, (x) => x.p.label),
      column(phones, (x) => x.p.main),
    ],
  );
}

async function writeConversations(t: Queryable, o: SyncSessionOptions, plan: SyncPlan): Promise<void> {
  const fields = (rows: SyncPlan['conversations']) => [
    column(rows, (x) => x.at),
    column(rows, (x) => x.conversation.channel),
    column(rows, (x) => x.conversation.agent),
    column(rows, (x) => x.conversation.contact),
    column(rows, (x) => x.conversation.subject),
    column(rows, (x) => x.conversation.summary),
    column(rows, (x) => x.conversation.result),
    column(rows, (x) => x.conversation.followUp),
    column(rows, (x) => x.hash),
  ];
  const updates = plan.conversations.filter((x) => x.id !== null);
  if (updates.length > 0) {
    // A conversation without a time keeps the date it got when it first arrived (at is null then).
    await t.query(
      `UPDATE conversations c SET at = COALESCE(u.at, c.at), channel = u.channel, agent = u.agent, contact = u.contact, subject = u.subject,
         summary = u.summary, result = u.result, follow_up = u.follow_up, source = COALESCE($11::text, c.source), sync_hash = u.sync_hash
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::int[])
         AS u(at, channel, agent, contact, subject, summary, result, follow_up, sync_hash, id)
       WHERE c.id = u.id`,
      [...fields(updates), column(updates, (x) => x.id), o.source],
    );
  }
  const inserts = plan.conversations.filter((x) => x.id === null);
  if (inserts.length > 0) {
    await t.query(
      `INSERT INTO conversations (at, channel, agent, contact, subject, summary, result, follow_up, sync_hash, customer_no, sync_key, source)
       SELECT *, $12::text FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[])`,
      [...fields(inserts), column(inserts, (x) => x.customerNo), column(inserts, (x) => x.key), o.source],
    );
  }
}
