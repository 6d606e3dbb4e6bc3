import type { Conversation, ConversationInput, CustomerCard, CustomerSummary, DocumentInput } from '@ringside/shared';
import { contactDisplayName } from '@ringside/shared';
import type { PhoneRow } from '../../phone/match.js';
import type { CardOptions, CustomerRepo, NormalizedCustomer, NormalizedPhone } from '../store.js';
import {
  toCard,
  toConversation,
  type ContactRow,
  type ConversationRow,
  type CustomerRow,
  type DocumentRow,
  type PhoneDbRow,
} from '../customer-rows.js';
import type { Db } from './database.js';
import { searchBody } from '../search-body.js';
import { MAX_SEARCH_RESULTS } from '../search-terms.js';
import { rankCandidates, searchQuery } from './search-query.js';

const nowIso = () => new Date().toISOString();
export { MAX_SEARCH_RESULTS } from '../search-terms.js';

export function sqliteCustomerRepo(db: Db): CustomerRepo {
  const q = {
    upsertCustomer: db.prepare(`
      INSERT INTO customers (customer_no, company, notes, customer_since, created_at, updated_at)
      VALUES (@customerNo, @company, @notes, @customerSince, @now, @now)
      ON CONFLICT (customer_no) DO UPDATE SET
        company = excluded.company, notes = excluded.notes,
        customer_since = excluded.customer_since, updated_at = excluded.updated_at,
        -- Changed outside the sync: the next sync must write it again, not call it unchanged.
        sync_hash = NULL`),
    exists: db.prepare(`SELECT 1 FROM customers WHERE customer_no = ?`).pluck(),
    deleteContacts: db.prepare(`DELETE FROM contacts WHERE customer_no = ?`),
    deletePhones: db.prepare(`DELETE FROM phones WHERE customer_no = ?`),
    insertContact: db.prepare(`
      INSERT INTO contacts (customer_no, position, salutation, first_name, last_name, role, email, birthday, notes)
      VALUES (@customerNo, @position, @salutation, @firstName, @lastName, @role, @email, @birthday, @notes)`),
    // The unique index phones_owner_number (see migrations) makes a repeated number a no-op.
    insertPhone: db.prepare(`
      INSERT INTO phones (customer_no, contact_id, position, number, e164, label, main)
      VALUES (@customerNo, @contactId, @position, @number, @e164, @label, @main)
      ON CONFLICT DO NOTHING`),
    nextPhonePosition: db.prepare(`SELECT COALESCE(MAX(position), -1) + 1 FROM phones WHERE customer_no = ?`).pluck(),
    contactOf: db.prepare(`SELECT 1 FROM contacts WHERE id = ? AND customer_no = ?`).pluck(),
    // The search row shares the customer's rowid: FTS5 finds a row by rowid from its index,
    // while a lookup by the UNINDEXED customer_no column would scan the whole table.
    rowid: db.prepare(`SELECT id FROM customers WHERE customer_no = ?`).pluck(),
    deleteSearch: db.prepare(`DELETE FROM customer_search WHERE rowid = ?`),
    // Erasure only: remove the row's terms from the index pages themselves, not just mark them
    // deleted until some later merge. Too costly for every update (see migration 10).
    // (Literal values: FTS5 takes only an integer, and a bound JS number arrives as a real.)
    ftsSecureDeleteOn: db.prepare(`INSERT INTO customer_search (customer_search, rank) VALUES ('secure-delete', 1)`),
    ftsSecureDeleteOff: db.prepare(`INSERT INTO customer_search (customer_search, rank) VALUES ('secure-delete', 0)`),
    insertSearch: db.prepare(`INSERT INTO customer_search (rowid, customer_no, body) VALUES (?, ?, ?)`),
    deleteCustomer: db.prepare(`DELETE FROM customers WHERE customer_no = ?`),
    deleteCalls: db.prepare(`DELETE FROM calls WHERE customer_no = ?`),
    customer: db.prepare(`SELECT customer_no, company, notes, customer_since, updated_at FROM customers WHERE customer_no = ?`),
    contacts: db.prepare(`SELECT * FROM contacts WHERE customer_no = ? ORDER BY position`),
    phones: db.prepare(`SELECT id, customer_no, contact_id, number, e164, label, main FROM phones WHERE customer_no = ? ORDER BY position`),
    openDocuments: db.prepare(`
      SELECT * FROM documents WHERE customer_no = ? AND status IN ('open', 'overdue')
      ORDER BY status = 'overdue' DESC, due IS NULL, due, date DESC`),
    conversations: db.prepare(`SELECT * FROM conversations WHERE customer_no = ? ORDER BY at DESC, id DESC LIMIT ?`),
    upsertDocument: db.prepare(`
      INSERT INTO documents (customer_no, document_no, kind, title, status, amount, currency, date, due, url, updated_at)
      VALUES (@customerNo, @documentNo, @kind, @title, @status, @amount, @currency, @date, @due, @url, @now)
      ON CONFLICT (customer_no, document_no) DO UPDATE SET
        kind = excluded.kind, title = excluded.title, status = excluded.status, amount = excluded.amount,
        currency = excluded.currency, date = excluded.date, due = excluded.due, url = excluded.url,
        updated_at = excluded.updated_at, sync_hash = NULL`),
    documentExists: db.prepare(`SELECT 1 FROM documents WHERE customer_no = ? AND document_no = ?`).pluck(),
    insertConversation: db.prepare(`
      INSERT INTO conversations (customer_no, at, channel, agent, contact, subject, summary, result, follow_up, call_id)
      VALUES (@customerNo, @at, @channel, @agent, @contact, @subject, @summary, @result, @followUp, @callId)
      RETURNING *`),
    touch: db.prepare(`UPDATE customers SET updated_at = ?, sync_hash = NULL WHERE customer_no = ?`),
    exact: db.prepare(`SELECT id, customer_no, contact_id, e164, main FROM phones WHERE e164 = ?`),
    count: db.prepare(`SELECT COUNT(*) FROM customers`).pluck(),
    listNumbers: db.prepare(`SELECT customer_no FROM customers WHERE customer_no > ? ORDER BY customer_no LIMIT ?`).pluck(),
  };

  /** false when the owner already has this number. */
  function insertPhone(customerNo: string, contactId: number | null, position: number, p: NormalizedPhone): boolean {
    const row = { customerNo, contactId, position, number: p.number, e164: p.e164, label: p.label, main: p.main ? 1 : 0 };
    return q.insertPhone.run(row).changes > 0;
  }

  /** Keep the trigram index row in step with the customer (same rowid, see above). */
  function reindex(customerNo: string): void {
    const rowid = q.rowid.get(customerNo) as number | undefined;
    if (rowid === undefined) return;
    q.deleteSearch.run(rowid);
    const c = q.customer.get(customerNo) as CustomerRow;
    const contacts = q.contacts.all(customerNo) as ContactRow[];
    const phones = q.phones.all(customerNo) as PhoneDbRow[];
    const people = contacts.map((k) => ({ firstName: k.first_name, lastName: k.last_name, email: k.email }));
    q.insertSearch.run(rowid, customerNo, searchBody(c.customer_no, c.company, people, phones));
  }

  const put = db.transaction((customerNo: string, c: NormalizedCustomer): { created: boolean } => {
    const created = !q.exists.get(customerNo);
    q.upsertCustomer.run({ customerNo, company: c.company, notes: c.notes, customerSince: c.customerSince, now: nowIso() });
    // Replace people and numbers wholesale (the ERP owns them); documents and conversations stay.
    q.deletePhones.run(customerNo);
    q.deleteContacts.run(customerNo);
    let position = 0;
    for (const p of c.phones) insertPhone(customerNo, null, position++, p);
    c.contacts.forEach((k, i) => {
      const { lastInsertRowid } = q.insertContact.run({ customerNo, position: i, ...k });
      for (const p of k.phones) insertPhone(customerNo, Number(lastInsertRowid), position++, p);
    });
    reindex(customerNo);
    return { created };
  });

  const remove = db.transaction((customerNo: string): boolean => {
    const rowid = q.rowid.get(customerNo) as number | undefined;
    if (rowid !== undefined) {
      q.ftsSecureDeleteOn.run();
      try {
        q.deleteSearch.run(rowid);
      } finally {
        q.ftsSecureDeleteOff.run();
      }
    }
    // Calls of this customer are personal data too: erase them with the customer.
    q.deleteCalls.run(customerNo);
    return q.deleteCustomer.run(customerNo).changes > 0;
  });

  function card(customerNo: string, options: CardOptions): CustomerCard | null {
    const c = q.customer.get(customerNo) as CustomerRow | undefined;
    if (!c) return null;
    return toCard(
      c,
      q.contacts.all(customerNo) as ContactRow[],
      q.phones.all(customerNo) as PhoneDbRow[],
      q.openDocuments.all(customerNo) as DocumentRow[],
      q.conversations.all(customerNo, options.conversations) as ConversationRow[],
    );
  }

  const putDocument = db.transaction((customerNo: string, documentNo: string, d: DocumentInput) => {
    if (!q.exists.get(customerNo)) return null;
    const created = !q.documentExists.get(customerNo, documentNo);
    q.upsertDocument.run({ customerNo, documentNo, ...d, now: nowIso() });
    return { created };
  });

  const addConversation = db.transaction((customerNo: string, input: ConversationInput & { callId?: string | null }): Conversation | null => {
    if (!q.exists.get(customerNo)) return null;
    const row = q.insertConversation.get({
      customerNo,
      at: input.at ?? nowIso(),
      channel: input.channel,
      agent: input.agent,
      contact: input.contact,
      subject: input.subject,
      summary: input.summary,
      result: input.result,
      followUp: input.followUp,
      callId: input.callId ?? null,
    }) as ConversationRow;
    return toConversation(row);
  });

  const addPhone = db.transaction((customerNo: string, phone: NormalizedPhone, contactId: number | null) => {
    if (!q.exists.get(customerNo)) return null;
    if (contactId !== null && !q.contactOf.get(contactId, customerNo)) return null;
    const added = insertPhone(customerNo, contactId, q.nextPhonePosition.get(customerNo) as number, phone);
    if (added) {
      q.touch.run(nowIso(), customerNo);
      reindex(customerNo);
    }
    return { card: card(customerNo, { conversations: 5 })!, added };
  });

  function summaries(customerNos: string[]): CustomerSummary[] {
    return customerNos.flatMap((no) => {
      const c = q.customer.get(no) as CustomerRow | undefined;
      if (!c) return [];
      const names = (q.contacts.all(no) as ContactRow[]).map((k) =>
        contactDisplayName({ salutation: k.salutation, firstName: k.first_name, lastName: k.last_name }),
      );
      const phones = (q.phones.all(no) as PhoneDbRow[]).map((p) => p.number);
      return [{ customerNo: no, company: c.company, displayName: c.company ?? names[0] ?? no, contacts: names, phones }];
    });
  }

  const searchStatements = new Map<string, ReturnType<Db['prepare']>>();
  function search(text: string, limit: number): CustomerSummary[] {
    const query = searchQuery(text);
    if (!query) return [];
    let stmt = searchStatements.get(query.sql);
    if (!stmt) searchStatements.set(query.sql, (stmt = db.prepare(query.sql)));
    const capped = Math.min(limit, MAX_SEARCH_RESULTS);
    if (query.kind === 'prefix') return summaries(stmt.pluck().all([...query.params, capped]) as string[]);
    const candidates = stmt.all(query.params) as { customer_no: string; body: string }[];
    return summaries(rankCandidates(query.text, candidates, capped));
  }

  function findPhones(e164: string, prefixes: string[]): { exact: PhoneRow[]; main: PhoneRow[] } {
    const toRow = (r: PhoneDbRow): PhoneRow => ({
      customerNo: r.customer_no,
      contactId: r.contact_id,
      phoneId: r.id,
      e164: r.e164 ?? '',
      main: r.main === 1,
    });
    const exact = (q.exact.all(e164) as PhoneDbRow[]).map(toRow);
    if (exact.length > 0 || prefixes.length === 0) return { exact, main: [] };
    const main = mainByPrefixes(prefixes.length).all(prefixes) as PhoneDbRow[];
    return { exact, main: main.map(toRow) };
  }

  /** One statement per prefix count (a dozen at most), prepared once. */
  const mainStatements = new Map<number, ReturnType<Db['prepare']>>();
  function mainByPrefixes(count: number) {
    let stmt = mainStatements.get(count);
    if (!stmt) {
      const marks = Array.from({ length: count }, () => '?').join(',');
      stmt = db.prepare(`SELECT id, customer_no, contact_id, e164, main FROM phones WHERE main = 1 AND e164 IN (${marks})`);
      mainStatements.set(count, stmt);
    }
    return stmt;
  }

  return {
    put: async (no, c) => put(no, c),
    delete: async (no) => {
      const deleted = remove(no);
      // The WAL still holds the pages as they were before the erasure: fold it into the file
      // (where secure_delete has zeroed the rows) and truncate it, so nothing stays readable.
      if (deleted) db.pragma('wal_checkpoint(TRUNCATE)');
      return deleted;
    },
    exists: async (no) => Boolean(q.exists.get(no)),
    card: async (no, o) => card(no, o),
    cards: async (nos, o) => {
      const out = new Map<string, CustomerCard>();
      for (const no of nos) {
        const c = card(no, o);
        if (c) out.set(no, c);
      }
      return out;
    },
    putDocument: async (no, docNo, d) => putDocument(no, docNo, d),
    addConversation: async (no, c) => addConversation(no, c),
    addPhone: async (no, p, contactId) => addPhone(no, p, contactId),
    search: async (text, limit) => search(text, limit),
    findPhones: async (e164, prefixes) => findPhones(e164, prefixes),
    count: async () => q.count.get() as number,
    listNumbers: async (after, limit) => q.listNumbers.all(after ?? '', limit) as string[],
  };
}
