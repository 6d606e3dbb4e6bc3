import type { NormalizedCustomer, NormalizedPhone, SyncOutcome, SyncRecord, SyncSessionOptions, SyncSweep } from '../store.js';
import type { Db } from './database.js';
import { customerSearchBody } from '../search-body.js';
import { CONVERSATION, CUSTOMER, DOCUMENT, done, noCustomer, ownership, refused, unchanged } from '../sync-rules.js';


interface Owned {
  id: number;
  source: string | null;
  sync_hash: string | null;
}


/**
 * The synchronous core of the SQLite bulk write path: one prepared statement per step, one
 * transaction per batch, and the sweep of a full sync in bounded pages. It owns its connection's
 * temp tables (the keys a session mentioned, the deletes it deferred), so it works the same on
 * the store's own connection or on a worker thread's.
 */
export class SqliteSyncWriter {
  private readonly q;
  private nextSession = 1;
  private readonly sessions = new Map<number, SyncSessionOptions>();
  /** Customers removed since the last `takeRemoved` whose calls are still journaled ('later'). */
  private removed: string[] = [];

  /**
   * `journal`: how a removed customer's calls leave the call journal. 'here': deleted in the
   * same transaction (the connection has the journal attached). 'later': the customer numbers are
   * collected (`takeRemoved`) and the event loop deletes their calls; the write thread's
   * connection never takes the journal file's lock, which a ringing call needs.
   */
  constructor(
    private readonly db: Db,
    private readonly journal: 'here' | 'later' = 'here',
  ) {
    // Temp tables live in the connection's temp database (spilled to a temp file, not the heap),
    // so a million keys cost no memory of ours.
    db.exec(`
      CREATE TEMP TABLE IF NOT EXISTS sync_seen (session INTEGER NOT NULL, kind INTEGER NOT NULL, k1 TEXT NOT NULL, k2 TEXT NOT NULL,
        PRIMARY KEY (session, kind, k1, k2)) WITHOUT ROWID;
      CREATE TEMP TABLE IF NOT EXISTS sync_deferred (session INTEGER NOT NULL, kind INTEGER NOT NULL, k1 TEXT NOT NULL, k2 TEXT NOT NULL,
        PRIMARY KEY (session, kind, k1, k2)) WITHOUT ROWID;`);
    this.q = {
      seen: db.prepare(`INSERT OR IGNORE INTO sync_seen (session, kind, k1, k2) VALUES (?, ?, ?, ?)`),
      defer: db.prepare(`INSERT OR IGNORE INTO sync_deferred (session, kind, k1, k2) VALUES (?, ?, ?, ?)`),
      deferred: db.prepare(`SELECT kind, k1, k2 FROM sync_deferred WHERE session = ? LIMIT ?`),
      undefer: db.prepare(`DELETE FROM sync_deferred WHERE session = ? AND kind = ? AND k1 = ? AND k2 = ?`),
      forget: db.prepare(`DELETE FROM sync_seen WHERE session = ?`),
      forgetDeferred: db.prepare(`DELETE FROM sync_deferred WHERE session = ?`),

      customer: db.prepare(`SELECT id, source, sync_hash FROM customers WHERE customer_no = ?`),
      insertCustomer: db.prepare(`
        INSERT INTO customers (customer_no, company, notes, customer_since, created_at, updated_at, source, sync_hash)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)`),
      updateCustomer: db.prepare(`
        UPDATE customers SET company = ?, notes = ?, customer_since = ?, updated_at = ?, source = COALESCE(?, source), sync_hash = ?
        WHERE id = ?`),
      deletePhones: db.prepare(`DELETE FROM phones WHERE customer_no = ?`),
      deleteContacts: db.prepare(`DELETE FROM contacts WHERE customer_no = ?`),
      insertContact: db.prepare(`
        INSERT INTO contacts (customer_no, position, salutation, first_name, last_name, role, email, birthday, notes)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      insertPhone: db.prepare(`
        INSERT INTO phones (customer_no, contact_id, position, number, e164, label, main) VALUES (?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT DO NOTHING`),
      deleteSearch: db.prepare(`DELETE FROM customer_search WHERE rowid = ?`),
      insertSearch: db.prepare(`INSERT INTO customer_search (rowid, customer_no, body) VALUES (?, ?, ?)`),
      deleteCalls: journal === 'here' ? db.prepare(`DELETE FROM calls WHERE customer_no = ?`) : null,
      deleteCustomer: db.prepare(`DELETE FROM customers WHERE id = ?`),

      document: db.prepare(`SELECT 0 AS id, source, sync_hash FROM documents WHERE customer_no = ? AND document_no = ?`),
      upsertDocument: db.prepare(`
        INSERT INTO documents (customer_no, document_no, kind, title, status, amount, currency, date, due, url, updated_at, source, sync_hash)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (customer_no, document_no) DO UPDATE SET
          kind = excluded.kind, title = excluded.title, status = excluded.status, amount = excluded.amount,
          currency = excluded.currency, date = excluded.date, due = excluded.due, url = excluded.url,
          updated_at = excluded.updated_at, source = COALESCE(excluded.source, source), sync_hash = excluded.sync_hash`),
      deleteDocument: db.prepare(`DELETE FROM documents WHERE customer_no = ? AND document_no = ?`),

      conversation: db.prepare(`SELECT id, source, sync_hash FROM conversations WHERE customer_no = ? AND sync_key = ?`),
      insertConversation: db.prepare(`
        INSERT INTO conversations (customer_no, at, channel, agent, contact, subject, summary, result, follow_up, source, sync_key, sync_hash)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      updateConversation: db.prepare(`
        UPDATE conversations SET at = COALESCE(?, at), channel = ?, agent = ?, contact = ?, subject = ?, summary = ?, result = ?, follow_up = ?,
          source = COALESCE(?, source), sync_hash = ? WHERE id = ?`),
      deleteConversation: db.prepare(`DELETE FROM conversations WHERE id = ?`),

      // The sweep: the source's records in key order, a bounded window at a time, each with
      // whether the session mentioned it. Bounding the rows read (not only the rows deleted)
      // keeps a step short when nearly everything was mentioned.
      ownedCustomers: db.prepare(`
        SELECT id, customer_no, EXISTS (SELECT 1 FROM sync_seen s WHERE s.session = ? AND s.kind = 0 AND s.k1 = c.customer_no AND s.k2 = '') AS seen
        FROM customers c WHERE source = ? AND customer_no > ? ORDER BY source, customer_no LIMIT ?`),
      ownedDocuments: db.prepare(`
        SELECT customer_no, document_no,
          EXISTS (SELECT 1 FROM sync_seen s WHERE s.session = ? AND s.kind = 1 AND s.k1 = d.customer_no AND s.k2 = d.document_no) AS seen
        FROM documents d WHERE source = ? AND (customer_no, document_no) > (?, ?) ORDER BY source, customer_no, document_no LIMIT ?`),
      ownedConversations: db.prepare(`
        SELECT id, EXISTS (SELECT 1 FROM sync_seen s WHERE s.session = ? AND s.kind = 2 AND s.k1 = c.customer_no AND s.k2 = c.sync_key) AS seen
        FROM conversations c WHERE source = ? AND id > ? ORDER BY source, id LIMIT ?`),
    };
  }

  begin(options: SyncSessionOptions): number {
    const id = this.nextSession++;
    this.sessions.set(id, options);
    return id;
  }

  /** One transaction for the whole batch; a refused record is an outcome, not an exception. */
  write(session: number, records: SyncRecord[]): SyncOutcome[] {
    const options = this.options(session);
    const now = new Date().toISOString();
    // IMMEDIATE: take the write lock at BEGIN. A deferred transaction reads first, and if another
    // connection commits before its first write, SQLite refuses the upgrade at once (BUSY).
    return this.inTransaction(() => records.map((r) => this.one(session, options, r, now)));
  }

  /**
   * One bounded page of the end of a session: deferred deletes first, then (full sync) the
   * sweep. Call until `done`; each call is its own short transaction.
   */
  finishStep(session: number, pageSize: number, cursor: SweepCursor): { done: boolean; removed: SyncSweep } {
    const { source, full } = this.options(session);
    const removed: SyncSweep = { customers: 0, documents: 0, conversations: 0 };
    const step = () => {
      const deferred = this.q.deferred.all(session, pageSize) as { kind: number; k1: string; k2: string }[];
      if (deferred.length > 0) {
        for (const d of deferred) {
          if (d.kind === CUSTOMER && this.deleteCustomerOwned(d.k1, source)) removed.customers++;
          if (d.kind === DOCUMENT && this.deleteDocumentOwned(d.k1, d.k2, source)) removed.documents++;
          this.q.undefer.run(session, d.kind, d.k1, d.k2);
        }
        return false;
      }
      if (!full || source === null) return true;
      // Read up to ten pages of owned rows, delete the unmentioned among them, at most a page.
      const window = pageSize * 10;
      if (cursor.phase === 'customers') {
        const rows = this.q.ownedCustomers.all(session, source, cursor.customerNo, window) as { id: number; customer_no: string; seen: number }[];
        const next = this.sweepWindow(rows, window, pageSize, (c) => c.seen === 0, (c) => this.deleteCustomerRow(c.id, c.customer_no));
        removed.customers += next.deleted;
        if (next.last) cursor.customerNo = next.last.customer_no;
        if (next.exhausted) cursor.phase = 'documents';
        return false;
      }
      if (cursor.phase === 'documents') {
        const rows = this.q.ownedDocuments.all(session, source, cursor.docCustomerNo, cursor.documentNo, window) as {
          customer_no: string;
          document_no: string;
          seen: number;
        }[];
        const next = this.sweepWindow(rows, window, pageSize, (d) => d.seen === 0, (d) => this.q.deleteDocument.run(d.customer_no, d.document_no));
        removed.documents += next.deleted;
        if (next.last) {
          cursor.docCustomerNo = next.last.customer_no;
          cursor.documentNo = next.last.document_no;
        }
        if (next.exhausted) cursor.phase = 'conversations';
        return false;
      }
      const rows = this.q.ownedConversations.all(session, source, cursor.conversationId, window) as { id: number; seen: number }[];
      const next = this.sweepWindow(rows, window, pageSize, (c) => c.seen === 0, (c) => this.q.deleteConversation.run(c.id));
      removed.conversations += next.deleted;
      if (next.last) cursor.conversationId = next.last.id;
      return next.exhausted;
    };
    return { done: this.inTransaction(step), removed };
  }

  /**
   * Delete the rows `unmentioned` picks, in order, until `pageSize` are gone. `last` is the row
   * to continue after; `exhausted` when the window (`window` rows asked for) reached the end.
   */
  private sweepWindow<T>(rows: T[], window: number, pageSize: number, unmentioned: (row: T) => boolean, remove: (row: T) => void) {
    let deleted = 0;
    let last: T | null = null;
    for (const row of rows) {
      last = row;
      if (!unmentioned(row)) continue;
      remove(row);
      if (++deleted === pageSize) return { deleted, last, exhausted: false };
    }
    return { deleted, last, exhausted: rows.length < window };
  }

  /**
   * One IMMEDIATE transaction (the write lock from BEGIN: a deferred one reads first, and if
   * another connection commits before its first write, SQLite refuses the upgrade with BUSY).
   * Removals collected in a transaction that rolled back are forgotten again.
   */
  private inTransaction<T>(work: () => T): T {
    const mark = this.removed.length;
    try {
      return this.db.transaction(work).immediate();
    } catch (err) {
      this.removed.length = mark;
      throw err;
    }
  }

  /** The customers removed since the last call, for the event loop to delete their calls. */
  takeRemoved(): string[] {
    const removed = this.removed;
    this.removed = [];
    return removed;
  }

  end(session: number): void {
    this.q.forget.run(session);
    this.q.forgetDeferred.run(session);
    this.sessions.delete(session);
  }

  private options(session: number): SyncSessionOptions {
    const o = this.sessions.get(session);
    if (!o) throw new Error(`sync session ${session} is not open`);
    return o;
  }

  private one(session: number, o: SyncSessionOptions, r: SyncRecord, now: string): SyncOutcome {
    switch (r.kind) {
      case 'customer':
        return this.putCustomer(session, o, r, now);
      case 'document':
        return this.putDocument(session, o, r, now);
      case 'conversation':
        return this.putConversation(session, o, r);
      case 'deleteCustomer':
        return this.deleteCustomer(session, o, r.customerNo);
      case 'deleteDocument':
        return this.deleteDocument(session, o, r.customerNo, r.documentNo);
      case 'keep':
        if (o.full) this.q.seen.run(session, r.documentNo === undefined ? CUSTOMER : DOCUMENT, r.customerNo, r.documentNo ?? '');
        return done('unchanged');
    }
  }

  /** null when `source` may write a record owned by `owner`; the refusal otherwise. */
  private putCustomer(session: number, o: SyncSessionOptions, r: Extract<SyncRecord, { kind: 'customer' }>, now: string): SyncOutcome {
    const { customerNo, customer: c, hash } = r;
    const row = this.q.customer.get(customerNo) as Owned | undefined;
    const refusal = ownership(o.source, row?.source ?? null, 'customerNo', `customer ${customerNo}`);
    if (refusal) return refusal;
    if (o.full) this.q.seen.run(session, CUSTOMER, customerNo, '');
    if (unchanged(row, hash, o.source)) return done('unchanged');
    let id: number;
    if (row) {
      id = row.id;
      this.q.updateCustomer.run(c.company, c.notes, c.customerSince, now, o.source, hash, id);
      // People and numbers are replaced wholesale (the source owns them); documents and conversations stay.
      this.q.deletePhones.run(customerNo);
      this.q.deleteContacts.run(customerNo);
      this.q.deleteSearch.run(id);
    } else {
      id = Number(this.q.insertCustomer.run(customerNo, c.company, c.notes, c.customerSince, now, now, o.source, hash).lastInsertRowid);
    }
    let position = 0;
    const phone = (contactId: number | null, p: NormalizedPhone) =>
      this.q.insertPhone.run(customerNo, contactId, position++, p.number, p.e164, p.label, p.main ? 1 : 0);
    for (const p of c.phones) phone(null, p);
    c.contacts.forEach((k, i) => {
      const contactId = Number(
        this.q.insertContact.run(customerNo, i, k.salutation, k.firstName, k.lastName, k.role, k.email, k.birthday, k.notes).lastInsertRowid,
      );
      for (const p of k.phones) phone(contactId, p);
    });
    this.q.insertSearch.run(id, customerNo, customerSearchBody(customerNo, c));
    return done(row ? 'updated' : 'created');
  }

  private putDocument(session: number, o: SyncSessionOptions, r: Extract<SyncRecord, { kind: 'document' }>, now: string): SyncOutcome {
    if (!this.q.customer.get(r.customerNo)) return noCustomer(r.customerNo);
    const row = this.q.document.get(r.customerNo, r.documentNo) as Owned | undefined;
    const refusal = ownership(o.source, row?.source ?? null, 'documentNo', `document ${r.documentNo}`);
    if (refusal) return refusal;
    if (o.full) this.q.seen.run(session, DOCUMENT, r.customerNo, r.documentNo);
    if (unchanged(row, r.hash, o.source)) return done('unchanged');
    const d = r.document;
    this.q.upsertDocument.run(r.customerNo, r.documentNo, d.kind, d.title, d.status, d.amount, d.currency, d.date, d.due, d.url, now, o.source, r.hash);
    return done(row ? 'updated' : 'created');
  }

  private putConversation(session: number, o: SyncSessionOptions, r: Extract<SyncRecord, { kind: 'conversation' }>): SyncOutcome {
    if (!this.q.customer.get(r.customerNo)) return noCustomer(r.customerNo);
    const row = this.q.conversation.get(r.customerNo, r.key) as Owned | undefined;
    const refusal = ownership(o.source, row?.source ?? null, 'conversationId', `conversation ${r.key}`);
    if (refusal) return refusal;
    if (o.full) this.q.seen.run(session, CONVERSATION, r.customerNo, r.key);
    if (unchanged(row, r.hash, o.source)) return done('unchanged');
    const c = r.conversation;
    // A conversation without a time is dated when it first arrives, and keeps that date.
    if (row) {
      this.q.updateConversation.run(c.at ?? null, c.channel, c.agent, c.contact, c.subject, c.summary, c.result, c.followUp, o.source, r.hash, row.id);
      return done('updated');
    }
    const at = c.at ?? new Date().toISOString();
    this.q.insertConversation.run(r.customerNo, at, c.channel, c.agent, c.contact, c.subject, c.summary, c.result, c.followUp, o.source, r.key, r.hash);
    return done('created');
  }

  private deleteCustomer(session: number, o: SyncSessionOptions, customerNo: string): SyncOutcome {
    const row = this.q.customer.get(customerNo) as Owned | undefined;
    if (!row) return done('unchanged');
    const refusal = ownership(o.source, row.source, '', `customer ${customerNo}`);
    if (refusal) return refusal;
    if (o.full) {
      this.q.defer.run(session, CUSTOMER, customerNo, '');
      return done('deferred');
    }
    this.deleteCustomerRow(row.id, customerNo);
    return done('deleted');
  }

  private deleteDocument(session: number, o: SyncSessionOptions, customerNo: string, documentNo: string): SyncOutcome {
    const row = this.q.document.get(customerNo, documentNo) as Owned | undefined;
    if (!row) return done('unchanged');
    const refusal = ownership(o.source, row.source, 'documentNo', `document ${documentNo}`);
    if (refusal) return refusal;
    if (o.full) {
      this.q.defer.run(session, DOCUMENT, customerNo, documentNo);
      return done('deferred');
    }
    this.q.deleteDocument.run(customerNo, documentNo);
    return done('deleted');
  }

  /** A deferred delete, checked again: another writer may have taken the record since. */
  private deleteCustomerOwned(customerNo: string, source: string | null): boolean {
    const row = this.q.customer.get(customerNo) as Owned | undefined;
    if (!row || ownership(source, row.source, '', '')) return false;
    this.deleteCustomerRow(row.id, customerNo);
    return true;
  }

  private deleteDocumentOwned(customerNo: string, documentNo: string, source: string | null): boolean {
    const row = this.q.document.get(customerNo, documentNo) as Owned | undefined;
    if (!row || ownership(source, row.source, '', '')) return false;
    return this.q.deleteDocument.run(customerNo, documentNo).changes > 0;
  }

  /** As `customers.delete`: the customer, its search row, and its calls (personal data too). */
  private deleteCustomerRow(id: number, customerNo: string): void {
    this.q.deleteSearch.run(id);
    if (this.q.deleteCalls) this.q.deleteCalls.run(customerNo);
    else this.removed.push(customerNo);
    this.q.deleteCustomer.run(id);
  }
}

/** Where a finishing session's sweep has got to. */
export interface SweepCursor {
  phase: 'customers' | 'documents' | 'conversations';
  customerNo: string;
  docCustomerNo: string;
  documentNo: string;
  conversationId: number;
}

/** Rows removed per transaction at the end of a full sync: a customer takes its contacts,
 * numbers, documents, conversations and search row with it, so a page stays short. */
const SWEEP_PAGE = 100;

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * The end of a session, one bounded step (its own transaction) at a time, letting other work run
 * in between; `inTurn` runs each step (the write thread passes its turnstile). Ends the session.
 */
export async function finishInSteps(writer: SqliteSyncWriter, session: number, inTurn: <T>(work: () => T) => T = (work) => work()): Promise<SyncSweep> {
  const total: SyncSweep = { customers: 0, documents: 0, conversations: 0 };
  const cursor = newSweepCursor();
  try {
    for (;;) {
      const { done, removed } = inTurn(() => writer.finishStep(session, SWEEP_PAGE, cursor));
      total.customers += removed.customers;
      total.documents += removed.documents;
      total.conversations += removed.conversations;
      if (done) return total;
      await turn();
    }
  } finally {
    writer.end(session);
  }
}

export const newSweepCursor = (): SweepCursor => ({ phase: 'customers', customerNo: '', docCustomerNo: '', documentNo: '', conversationId: 0 });
