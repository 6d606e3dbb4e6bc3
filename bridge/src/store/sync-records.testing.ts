import { customerWithContact } from './customer.testing.js';
import type { NormalizedCustomer, Store, SyncRecord, SyncSession } from './store.js';

/** Records for the bulk write path's contract cases (sync-repo.contract.ts, sync-batch.contract.ts). */
export const normalized = (company: string): NormalizedCustomer => customerWithContact(company, { lastName: 'Weiß', number: '0170 1234567' });

/** A customer whose digest is its company name: the same name twice is "unchanged". */
export const customerRecord = (customerNo: string, company: string, customer = normalized(company)): SyncRecord => ({ kind: 'customer', customerNo, hash: company, customer });

export const documentRecord = (customerNo: string, documentNo: string, status: 'open' | 'paid' = 'open'): SyncRecord => ({
  kind: 'document',
  customerNo,
  documentNo,
  hash: status,
  document: { kind: 'invoice', title: 'Dachrinne', status, amount: 1840.5, currency: 'EUR', date: '2026-10-02', due: null, url: null },
});

export const conversationRecord = (customerNo: string, key: string, subject: string): SyncRecord => ({
  kind: 'conversation',
  customerNo,
  key,
  hash: subject,
  conversation: { at: '2026-11-20T10:15:00+01:00', channel: 'call', agent: 'Ben', contact: null, subject, summary: null, result: null, followUp: null },
});

/** Outcomes as short words: `created`, `unchanged`, `refused customerNo`, ... */
export const results = async (session: SyncSession, records: SyncRecord[]): Promise<string[]> =>
  (await session.write(records)).map((o) => (o.ok ? o.result : `refused ${o.field}`));

/** One whole session: begin, one batch, finish. */
export async function runSession(store: Store, source: string | null, full: boolean, records: SyncRecord[]) {
  const session = await store.sync.begin({ source, full });
  const outcomes = await results(session, records);
  return { outcomes, swept: await session.finish() };
}
