import type { Conversation, ConversationInput, CustomerCard, CustomerSummary, DocumentInput } from '@ringside/shared';
import { contactDisplayName } from '@ringside/shared';
import type { PhoneRow } from '../../phone/match.js';
import { toCard, toConversation, type ContactRow, type ConversationRow, type CustomerRow, type DocumentRow, type PhoneDbRow } from '../customer-rows.js';
import { searchBody } from '../search-body.js';
import { MAX_SEARCH_RESULTS, rankCandidates } from '../search-terms.js';
import type { CardOptions, CustomerRepo, NormalizedCustomer, NormalizedPhone } from '../store.js';
import type { PgDatabase, Queryable } from './database.js';
import { noteScrubPending } from './scrub.js';
import { pgSearchQuery } from './search.js';

const nowIso = () => new Date().toISOString();

interface CardRow extends CustomerRow {
  contacts: ContactRow[];
  phones: PhoneDbRow[];
  documents: DocumentRow[];
  conversations: ConversationRow[];
}

const PHONE_COLUMNS = `id, customer_no, contact_id, number, e164, label, main::int AS main`;
const SQL = {
  exists: `SELECT 1 FROM customers WHERE customer_no = $1`,
  customer: `SELECT customer_no, company, notes, customer_since, updated_at FROM customers WHERE customer_no = $1`,
  contacts: `SELECT * FROM contacts WHERE customer_no = $1 ORDER BY position`,
  phones: `SELECT ${PHONE_COLUMNS} FROM phones WHERE customer_no = $1 ORDER BY position`,
  // The orders are the SQLite store's; NULLS LAST where SQLite sorts NULL as the smallest value.
  cards: `
    SELECT c.customer_no, c.company, c.notes, c.customer_since, c.updated_at,
      COALESCE((SELECT json_agg(k ORDER BY k.position) FROM contacts k WHERE k.customer_no = c.customer_no), '[]') AS contacts,
      COALESCE((SELECT json_agg(json_build_object('id', p.id, 'customer_no', p.customer_no, 'contact_id', p.contact_id, 'number', p.number,
                                                  'e164', p.e164, 'label', p.label, 'main', p.main::int) ORDER BY p.position)
                FROM phones p WHERE p.customer_no = c.customer_no), '[]') AS phones,
      COALESCE((SELECT json_agg(d ORDER BY d.status = 'overdue' DESC, d.due IS NULL, d.due, d.date DESC NULLS LAST)
                FROM documents d WHERE d.customer_no = c.customer_no AND d.status IN ('open', 'overdue')), '[]') AS documents,
      COALESCE((SELECT json_agg(v ORDER BY v.at DESC, v.id DESC)
                FROM (SELECT * FROM conversations WHERE customer_no = c.customer_no ORDER BY at DESC, id DESC LIMIT $2) v), '[]') AS conversations
    FROM customers c WHERE c.customer_no = ANY($1)`,
  // The unique index phones_owner_number makes a number the owner already has a no-op.
  insertPhone: `
    INSERT INTO phones (customer_no, contact_id, position, number, e164, label, main)
    VALUES ($1, $2, $3, $4, $5, $6, $7)
    ON CONFLICT DO NOTHING`,
};

export function pgCustomerRepo(db: PgDatabase): CustomerRepo {
  async function exists(c: Queryable, customerNo: string): Promise<boolean> {
    return (await c.query(SQL.exists, [customerNo])).rowCount! > 0;
  }

  /** false when the owner already has this number. */
  async function insertPhone(c: Queryable, customerNo: string, contactId: number | null, position: number, p: NormalizedPhone): Promise<boolean> {
    return ((await c.query(SQL.insertPhone, [customerNo, contactId, position, p.number, p.e164, p.label, p.main])).rowCount ?? 0) > 0;
  }

  /** The folded search column, rebuilt from what is stored (same text as SQLite's index). */
  async function reindex(c: Queryable, customerNo: string): Promise<void> {
    // One statement at a time: a transaction's client runs them in sequence anyway.
    const customer = await c.query<CustomerRow>(SQL.customer, [customerNo]);
    if (!customer.rows[0]) return;
    const contacts = await c.query<ContactRow>(SQL.contacts, [customerNo]);
    const phones = await c.query<PhoneDbRow>(SQL.phones, [customerNo]);
    const people = contacts.rows.map((k) => ({ firstName: k.first_name, lastName: k.last_name, email: k.email }));
    const body = searchBody(customerNo, customer.rows[0].company, people, phones.rows);
    await c.query(`UPDATE customers SET search_text = $2 WHERE customer_no = $1`, [customerNo, body]);
  }

  /** Whole cards in one statement (one round trip however many candidates a lookup has). */
  async function cards(c: Queryable, customerNos: string[], options: CardOptions): Promise<Map<string, CustomerCard>> {
    const { rows } = await c.query<CardRow>(SQL.cards, [customerNos, options.conversations]);
    return new Map(rows.map((r) => [r.customer_no, toCard(r, r.contacts, r.phones, r.documents, r.conversations)]));
  }
  const card = async (c: Queryable, customerNo: string, options: CardOptions) => (await cards(c, [customerNo], options)).get(customerNo) ?? null;

  async function summaries(customerNos: string[]): Promise<CustomerSummary[]> {
    if (customerNos.length === 0) return [];
    const [customers, contacts, phones] = await Promise.all([
      db.query<CustomerRow>(`SELECT customer_no, company FROM customers WHERE customer_no = ANY($1)`, [customerNos]),
      db.query<ContactRow>(`SELECT * FROM contacts WHERE customer_no = ANY($1) ORDER BY position`, [customerNos]),
      db.query<PhoneDbRow>(`SELECT number, customer_no FROM phones WHERE customer_no = ANY($1) ORDER BY position`, [customerNos]),
    ]);
    const byNo = new Map(customers.rows.map((r) => [r.customer_no, r]));
    return customerNos.flatMap((no) => {
      const c = byNo.get(no);
      if (!c) return [];
      const names = contacts.rows
        .filter((k) => k.customer_no === no)
        .map((k) => contactDisplayName({ salutation: k.salutation, firstName: k.first_name, lastName: k.last_name }));
      const numbers = phones.rows.filter((p) => p.customer_no === no).map((p) => p.number);
      return [{ customerNo: no, company: c.company, displayName: c.company ?? names[0] ?? no, contacts: names, phones: numbers }];
    });
  }

  const toPhoneRow = (r: PhoneDbRow): PhoneRow => ({ customerNo: r.customer_no, contactId: r.contact_id, phoneId: r.id, e164: r.e164 ?? '', main: r.main === 1 });

  return {
    put: (customerNo, c: NormalizedCustomer) =>
      db.tx(async (t) => {
        const now = nowIso();
        const { rows } = await t.query<{ created: boolean }>(
          `INSERT INTO customers (customer_no, company, notes, customer_since, created_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $5)
           ON CONFLICT (customer_no) DO UPDATE SET
             company = excluded.company, notes = excluded.notes,
             customer_since = excluded.customer_since, updated_at = excluded.updated_at,
             -- Changed outside the sync: the next sync must write it again, not call it unchanged.
             sync_hash = NULL
           RETURNING (xmax = 0) AS created`,
          [customerNo, c.company, c.notes, c.customerSince, now],
        );
        // Replace people and numbers wholesale (the ERP owns them); documents and conversations stay.
        await t.query(`DELETE FROM phones WHERE customer_no = $1`, [customerNo]);
        await t.query(`DELETE FROM contacts WHERE customer_no = $1`, [customerNo]);
        let position = 0;
        for (const p of c.phones) await insertPhone(t, customerNo, null, position++, p);
        for (const [i, k] of c.contacts.entries()) {
          const contact = await t.query<{ id: number }>(
            `INSERT INTO contacts (customer_no, position, salutation, first_name, last_name, role, email, birthday, notes)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
            [customerNo, i, k.salutation, k.firstName, k.lastName, k.role, k.email, k.birthday, k.notes],
          );
          for (const p of k.phones) await insertPhone(t, customerNo, contact.rows[0]!.id, position++, p);
        }
        await reindex(t, customerNo);
        return { created: rows[0]!.created };
      }),
    delete: (customerNo) =>
      db.tx(async (t) => {
        // Calls of this customer are personal data too: erase them with the customer.
        await t.query(`DELETE FROM calls WHERE customer_no = $1`, [customerNo]);
        const deleted = (await t.query(`DELETE FROM customers WHERE customer_no = $1`, [customerNo])).rowCount! > 0;
        // The rows' bytes stay in the data files until the tables are rewritten (scrub.ts).
        if (deleted) await noteScrubPending(t, nowIso());
        return deleted;
      }),
    exists: (customerNo) => exists(db, customerNo),
    card: (customerNo, options) => card(db, customerNo, options),
    cards: async (customerNos, options) => {
      // In the order asked for, as the SQLite store returns them.
      const found = await cards(db, customerNos, options);
      return new Map(customerNos.flatMap((no) => (found.has(no) ? [[no, found.get(no)!] as const] : [])));
    },
    putDocument: (customerNo, documentNo, d: DocumentInput) =>
      db.tx(async (t) => {
        if (!(await exists(t, customerNo))) return null;
        const { rows } = await t.query<{ created: boolean }>(
          `INSERT INTO documents (customer_no, document_no, kind, title, status, amount, currency, date, due, url, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
           ON CONFLICT (customer_no, document_no) DO UPDATE SET
             kind = excluded.kind, title = excluded.title, status = excluded.status, amount = excluded.amount,
             currency = excluded.currency, date = excluded.date, due = excluded.due, url = excluded.url,
             updated_at = excluded.updated_at, sync_hash = NULL
           RETURNING (xmax = 0) AS created`,
          [customerNo, documentNo, d.kind, d.title, d.status, d.amount, d.currency, d.date, d.due, d.url, nowIso()],
        );
        return { created: rows[0]!.created };
      }),
    addConversation: (customerNo, input: ConversationInput & { callId?: string | null }): Promise<Conversation | null> =>
      db.tx(async (t) => {
        if (!(await exists(t, customerNo))) return null;
        const { rows } = await t.query<ConversationRow>(
          `INSERT INTO conversations (customer_no, at, channel, agent, contact, subject, summary, result, follow_up, call_id)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING *`,
          [customerNo, input.at ?? nowIso(), input.channel, input.agent, input.contact, input.subject, input.summary, input.result, input.followUp, input.callId ?? null],
        );
        return toConversation(rows[0]!);
      }),
    addPhone: (customerNo, phone, contactId) =>
      db.tx(async (t) => {
        // Locks the customer row: two numbers added at once get distinct positions.
        const locked = await t.query(`SELECT 1 FROM customers WHERE customer_no = $1 FOR UPDATE`, [customerNo]);
        if (locked.rowCount === 0) return null;
        if (contactId !== null && (await t.query(`SELECT 1 FROM contacts WHERE id = $1 AND customer_no = $2`, [contactId, customerNo])).rowCount === 0) return null;
        const next = await t.query<{ p: number }>(`SELECT COALESCE(MAX(position), -1) + 1 AS p FROM phones WHERE customer_no = $1`, [customerNo]);
        const added = await insertPhone(t, customerNo, contactId, next.rows[0]!.p, phone);
        if (added) {
          await t.query(`UPDATE customers SET updated_at = $2, sync_hash = NULL WHERE customer_no = $1`, [customerNo, nowIso()]);
          await reindex(t, customerNo);
        }
        return { card: (await card(t, customerNo, { conversations: 5 }))!, added };
      }),
    search: async (text, limit) => {
      const query = pgSearchQuery(text);
      if (!query) return [];
      const capped = Math.min(limit, MAX_SEARCH_RESULTS);
      if (query.kind === 'prefix') return summaries((await db.query<{ customer_no: string }>(query.sql, [...query.params, capped])).rows.map((r) => r.customer_no));
      const candidates = (await db.query<{ customer_no: string; body: string }>(query.sql, query.params)).rows;
      return summaries(rankCandidates(query.text, candidates, capped));
    },
    findPhones: async (e164, prefixes) => {
      const exact = (await db.query<PhoneDbRow>(`SELECT ${PHONE_COLUMNS} FROM phones WHERE e164 = $1`, [e164])).rows.map(toPhoneRow);
      if (exact.length > 0 || prefixes.length === 0) return { exact, main: [] };
      const main = await db.query<PhoneDbRow>(`SELECT ${PHONE_COLUMNS} FROM phones WHERE main AND e164 = ANY($1)`, [prefixes]);
      return { exact, main: main.rows.map(toPhoneRow) };
    },
    count: async () => (await db.query<{ n: number }>(`SELECT count(*) AS n FROM customers`)).rows[0]!.n,
    listNumbers: async (after, limit) =>
      (await db.query<{ customer_no: string }>(`SELECT customer_no FROM customers WHERE customer_no > $1 ORDER BY customer_no LIMIT $2`, [after ?? '', limit])).rows.map(
        (r) => r.customer_no,
      ),
  };
}
