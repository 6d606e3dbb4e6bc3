import type { ConversationInput, DocumentInput } from '@ringside/shared';
import type { NormalizedCustomer, SyncOutcome, SyncRecord, SyncSessionOptions } from '../store.js';
import { CONVERSATION, CUSTOMER, DOCUMENT, done, noCustomer, ownership, unchanged } from '../sync-rules.js';

/** Owner and digest of a stored record, as the batch's one read per table found it. */
export interface Owned {
  source: string | null;
  sync_hash: string | null;
}

/** What the database holds for the keys a batch names (sync-batch.ts reads it, locked). */
export interface Stored {
  customers: Map<string, Owned>;
  /** By docKey(customerNo, documentNo). */
  documents: Map<string, Owned>;
  /** By docKey(customerNo, sync_key). */
  conversations: Map<string, Owned & { id: number }>;
}

export const docKey = (customerNo: string, second: string): string => `${customerNo}\u0000${second}`;

export interface CustomerWrite {
  customerNo: string;
  customer: NormalizedCustomer;
  hash: string;
  /** The row is in the database when the writes run: its people and numbers are replaced. */
  stored: boolean;
}

export interface DocumentWrite {
  customerNo: string;
  documentNo: string;
  hash: string;
  document: DocumentInput;
}

export interface ConversationWrite {
  customerNo: string;
  key: string;
  hash: string;
  conversation: ConversationInput;
  /** The stored row to update; null: insert. */
  id: number | null;
  /** Insert: the date it is stored with. Update: the new date, null to keep the stored one. */
  at: string | null;
}

/**
 * A batch's net effect, to be written with a bounded number of set-based statements, in this
 * order: customer deletes (with their calls; contacts, numbers, documents and conversations go
 * by cascade), customer upserts, document deletes, document upserts, conversation writes, keys.
 */
export interface SyncPlan {
  outcomes: SyncOutcome[];
  deleteCustomers: string[];
  customers: CustomerWrite[];
  deleteDocuments: { customerNo: string; documentNo: string }[];
  documents: DocumentWrite[];
  conversations: ConversationWrite[];
  /** Session keys (kind, k1, k2), each once. */
  seen: [number, string, string][];
  deferred: [number, string, string][];
}

interface Slot<W> {
  /** As the sequential writer would read it at this point of the batch. */
  row: Owned | null;
  /** Whether the row is in the database once this plan's deletes have run. */
  stored: boolean;
  /** The last write since the row was last deleted: the one that counts. */
  write: W | null;
}

/**
 * Decide every record of a batch as the row-by-row writer would, one after another, each
 * seeing what the records before it did (a customer created earlier in the batch can take a
 * document; the second of two identical records is unchanged; the last write of a key wins),
 * and collect the net writes. Pure: `stored` is what the database held before the batch.
 */
export function planBatch(records: readonly SyncRecord[], o: SyncSessionOptions, stored: Stored, now: string): SyncPlan {
  const customers = new Map<string, Slot<CustomerWrite>>();
  const documents = new Map<string, Slot<DocumentWrite> & { deleteFirst: boolean }>();
  const conversations = new Map<string, Slot<ConversationWrite> & { id: number | null; at: string | null }>();
  const deleteCustomers = new Set<string>();
  /** Document and conversation keys per customer, for the cascade of a customer delete. */
  const children = new Map<string, string[]>();
  const child = (customerNo: string, key: string) => {
    const list = children.get(customerNo);
    if (list) list.push(key);
    else children.set(customerNo, [key]);
  };
  const customer = (no: string) => {
    let s = customers.get(no);
    if (!s) {
      const row = stored.customers.get(no) ?? null;
      customers.set(no, (s = { row, stored: row !== null, write: null }));
    }
    return s;
  };
  const document = (no: string, documentNo: string) => {
    const key = docKey(no, documentNo);
    let s = documents.get(key);
    if (!s) {
      // A customer deleted earlier in the batch took its stored documents with it.
      const row = deleteCustomers.has(no) ? null : (stored.documents.get(key) ?? null);
      documents.set(key, (s = { row, stored: row !== null, write: null, deleteFirst: false }));
      child(no, key);
    }
    return s;
  };
  const conversation = (no: string, syncKey: string) => {
    const key = docKey(no, syncKey);
    let s = conversations.get(key);
    if (!s) {
      const row = deleteCustomers.has(no) ? null : (stored.conversations.get(key) ?? null);
      conversations.set(key, (s = { row, stored: row !== null, write: null, id: row?.id ?? null, at: null }));
      child(no, key);
    }
    return s;
  };
  const seen = new Map<string, [number, string, string]>();
  const deferred = new Map<string, [number, string, string]>();
  const mark = (into: Map<string, [number, string, string]>, kind: number, k1: string, k2: string) => into.set(`${kind}\u0000${docKey(k1, k2)}`, [kind, k1, k2]);
  const deleteDocuments: { customerNo: string; documentNo: string }[] = [];
  /** What a write leaves: owned by this source, or still by the one before (import, source null). */
  const written = (row: Owned | null, hash: string): Owned => ({ source: o.source ?? row?.source ?? null, sync_hash: hash });

  /**
   * The steps every write shares, in the row-by-row writer's order: ownership, the key marked
   * as mentioned, the digest; then `write` records the new last write of the key.
   */
  const put = <W>(s: Slot<W>, field: string, what: string, key: [number, string, string], hash: string, write: (existed: boolean) => W): SyncOutcome => {
    const refusal = ownership(o.source, s.row?.source ?? null, field, what);
    if (refusal) return refusal;
    if (o.full) mark(seen, ...key);
    if (unchanged(s.row ?? undefined, hash, o.source)) return done('unchanged');
    const existed = s.row !== null;
    s.write = write(existed);
    s.row = written(s.row, hash);
    return done(existed ? 'updated' : 'created');
  };

  const one = (r: SyncRecord): SyncOutcome => {
    switch (r.kind) {
      case 'customer': {
        const s = customer(r.customerNo);
        return put(s, 'customerNo', `customer ${r.customerNo}`, [CUSTOMER, r.customerNo, ''], r.hash, () => ({
          customerNo: r.customerNo,
          customer: r.customer,
          hash: r.hash,
          stored: s.stored,
        }));
      }
      case 'document':
        if (!customer(r.customerNo).row) return noCustomer(r.customerNo);
        return put(document(r.customerNo, r.documentNo), 'documentNo', `document ${r.documentNo}`, [DOCUMENT, r.customerNo, r.documentNo], r.hash, () => ({
          customerNo: r.customerNo,
          documentNo: r.documentNo,
          hash: r.hash,
          document: r.document,
        }));
      case 'conversation': {
        if (!customer(r.customerNo).row) return noCustomer(r.customerNo);
        const s = conversation(r.customerNo, r.key);
        return put(s, 'conversationId', `conversation ${r.key}`, [CONVERSATION, r.customerNo, r.key], r.hash, (existed) => {
          // A conversation without a time is dated when it first arrives, and keeps that date.
          s.at = r.conversation.at ?? (existed ? s.at : now);
          return { customerNo: r.customerNo, key: r.key, hash: r.hash, conversation: r.conversation, id: s.id, at: s.at };
        });
      }
      case 'deleteCustomer': {
        const s = customer(r.customerNo);
        if (!s.row) return done('unchanged');
        const refusal = ownership(o.source, s.row.source, '', `customer ${r.customerNo}`);
        if (refusal) return refusal;
        if (o.full) {
          mark(deferred, CUSTOMER, r.customerNo, '');
          return done('deferred');
        }
        // Deleted before anything else is written: what was written of it so far goes too.
        deleteCustomers.add(r.customerNo);
        Object.assign(s, { row: null, stored: false, write: null });
        for (const key of children.get(r.customerNo) ?? []) {
          const d = documents.get(key) ?? conversations.get(key)!;
          Object.assign(d, { row: null, stored: false, write: null, id: null, at: null, deleteFirst: false });
        }
        return done('deleted');
      }
      case 'deleteDocument': {
        const s = document(r.customerNo, r.documentNo);
        if (!s.row) return done('unchanged');
        const refusal = ownership(o.source, s.row.source, 'documentNo', `document ${r.documentNo}`);
        if (refusal) return refusal;
        if (o.full) {
          mark(deferred, DOCUMENT, r.customerNo, r.documentNo);
          return done('deferred');
        }
        if (s.stored) s.deleteFirst = true;
        Object.assign(s, { row: null, stored: false, write: null });
        return done('deleted');
      }
      case 'keep':
        if (o.full) mark(seen, r.documentNo === undefined ? CUSTOMER : DOCUMENT, r.customerNo, r.documentNo ?? '');
        return done('unchanged');
    }
  };

  const outcomes = records.map(one);
  for (const [key, s] of documents) {
    if (!s.deleteFirst) continue;
    const [customerNo, documentNo] = key.split('\u0000') as [string, string];
    deleteDocuments.push({ customerNo, documentNo });
  }
  const writes = <W>(slots: Iterable<Slot<W>>): W[] => [...slots].flatMap((s) => (s.write ? [s.write] : []));
  return {
    outcomes,
    deleteCustomers: [...deleteCustomers],
    customers: writes(customers.values()),
    deleteDocuments,
    documents: writes(documents.values()),
    conversations: writes(conversations.values()),
    seen: [...seen.values()],
    deferred: [...deferred.values()],
  };
}
