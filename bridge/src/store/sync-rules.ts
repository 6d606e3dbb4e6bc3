import type { SyncOutcome, SyncRecord, SyncRecordIn } from './store.js';

/**
 * The bulk write path's rules, shared by the SQLite and PostgreSQL writers so the two stores
 * cannot drift apart: the kinds in the session key tables, the outcomes, who may change what.
 */

/** Kinds in the session key tables (sync_seen, sync_deferred). */
export const CUSTOMER = 0;
export const DOCUMENT = 1;
export const CONVERSATION = 2;

export const refused = (field: string, message: string): SyncOutcome => ({ ok: false, field, message });
export const done = (result: 'created' | 'updated' | 'unchanged' | 'deleted' | 'deferred'): SyncOutcome => ({ ok: true, result });

/** A document or conversation whose customer the source has not sent (yet). */
export const noCustomer = (customerNo: string): SyncOutcome => refused('customerNo', `no customer ${customerNo}: send the customer line first`);

/** null when `source` may write a record owned by `owner`; the refusal otherwise. */
export function ownership(source: string | null, owner: string | null, field: string, what: string): SyncOutcome | null {
  if (source === null || owner === null || owner === source) return null;
  return refused(field, `${what} belongs to source "${owner}"; only that source may change it`);
}

/** Unchanged only when the digest is ours: a record without owner is taken over by writing it. */
export const unchanged = (row: { source: string | null; sync_hash: string | null } | undefined, hash: string, source: string | null): boolean =>
  Boolean(row && row.sync_hash === hash && (source === null || row.source === source));

/** A record as the store writes it: encoded ones (see EncodedSyncRecord) parsed back. */
export const decodeSyncRecord = (r: SyncRecordIn): SyncRecord => ('encoded' in r ? (JSON.parse(r.encoded) as SyncRecord) : r);
