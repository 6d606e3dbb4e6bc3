import type { ContactInput, CustomerCard, CustomerInput, PhoneInput } from '@ringside/shared';
import { contactDisplayName } from '@ringside/shared';
import { normalizeCustomer } from '../customers/normalize-customer.js';
import { formatNumber, normalizeStored, type NumberingConfig } from '../phone/normalize.js';
import type { Store, SyncOutcome, SyncRecord } from '../store/store.js';
import { recordDigest } from '../sync/record-digest.js';
import { Slices } from '../sync/slices.js';
import type { RowError, RowResult } from './rows.js';

export interface ImportProgress {
  /** Records read, good or bad. */
  rows: number;
  /** Customers created and replaced (a customer spread over several rows counts once). */
  imported: number;
  updated: number;
  /** Rows that could not be imported. */
  failed: number;
}

export interface ImportResult extends ImportProgress {
  /** The first `maxErrors` row errors, in file order. */
  errors: RowError[];
  durationMs: number;
}

export interface ImportOptions {
  /** Check every row and count what would be created or updated, without writing. */
  dryRun?: boolean;
  maxErrors?: number;
  /** Rows between two progress reports. */
  progressEvery?: number;
}


/** The schema's limits; merging rows must not build a customer the API would reject. */
const MAX_CONTACTS = 200;
const MAX_PHONES = 50;

interface Group {
  customerNo: string;
  input: CustomerInput;
  lines: number[];
}

/**
 * Upsert every good row; a bad row, or one the store refuses, is reported and the rest go on.
 * Rows are written through the bulk write path (`store.sync`, the same batches as `/api/sync`)
 * without an owning source, so an import changes customers the way the single-record API does.
 *
 * Consecutive rows with the same key are one customer with several contacts: that is how CRM
 * exports (and our own export) write a company with three contact persons, and how rows without
 * customer number but with the same switchboard number belong together. A key that comes back
 * later in the file is added to what was written for it then, so a re-import of the same file
 * gives the same customers however its rows are ordered. A customer whose rows are exactly what
 * is stored is not written again (counted as updated).
 */
export async function importCustomers(
  rows: AsyncIterable<RowResult>,
  store: Store,
  numbering: NumberingConfig,
  onProgress?: (p: ImportProgress) => void,
  options: ImportOptions = {},
): Promise<ImportResult> {
  const started = performance.now();
  const { dryRun = false, maxErrors = 1000, progressEvery = 1000 } = options;
  const stats: ImportProgress = { rows: 0, imported: 0, updated: 0, failed: 0 };
  const errors: RowError[] = [];
  // Keys written in this run; a Set of short strings, ~60 MB for a million customers.
  const seen = new Set<string>();
  const session = dryRun ? null : await store.sync.begin({ source: null, full: false });
  let batch: { group: Group; record: SyncRecord }[] = [];

  const fail = (e: RowError) => {
    stats.failed++;
    if (errors.length < maxErrors) errors.push(e);
  };
  const failGroup = (g: Group, err: unknown) => {
    const message = `could not be saved: ${err instanceof Error ? err.message : String(err)}`;
    for (const line of g.lines) fail({ line, field: 'customer', message });
  };
  const record = (g: Group): SyncRecord => ({
    kind: 'customer',
    customerNo: g.customerNo,
    hash: recordDigest('customer', g.input, numbering),
    customer: normalizeCustomer(g.input, numbering),
  });

  /** The batches handed to the store, written one after another in order. */
  let writing: Promise<void> = Promise.resolve();

  /**
   * Hand the collected batch to the store. Resolves once the batch before it is written: where
   * the store writes off the event loop (its write thread), this thread reads and checks the
   * next rows while the store writes these.
   */
  function handOver(): Promise<void> {
    if (!session || batch.length === 0) return writing;
    const pending = batch;
    batch = [];
    const before = writing;
    writing = before.then(() => writeBatch(pending));
    return session.blocksEventLoop ? writing : before;
  }

  /** Everything collected so far written (a row that adds to an earlier customer reads it back). */
  async function write(): Promise<void> {
    await handOver();
    await writing;
  }

  async function writeBatch(pending: { group: Group; record: SyncRecord }[]): Promise<void> {
    let outcomes: SyncOutcome[];
    try {
      outcomes = await session!.write(pending.map((p) => p.record));
    } catch (err) {
      // The batch failed: write its customers one by one, so only the one the store refuses is
      // reported (the store's transactions are all-or-nothing; a retried customer is unchanged).
      if (pending.length === 1) return failGroup(pending[0]!.group, err);
      for (const p of pending) await writeBatch([p]);
      return;
    }
    pending.forEach(({ group }, i) => {
      const o = outcomes[i]!;
      if (!o.ok) for (const line of group.lines) fail({ line, field: o.field || 'customer', message: o.message });
      else if (o.result === 'created') stats.imported++;
      else stats.updated++;
    });
  }

  async function flush(g: Group): Promise<void> {
    try {
      if (seen.has(g.customerNo)) {
        // Added to what this run wrote for the key earlier: that write must be in the store first.
        await write();
        const card = dryRun ? null : await store.customers.card(g.customerNo, { conversations: 0 });
        const input = card ? cardToInput(card) : g.input;
        const problem = card ? mergeCustomerInput(input, g.input) : null;
        if (problem) for (const line of g.lines) fail({ line, field: 'customer', message: problem });
        else if (session) {
          const [o] = await session.write([record({ ...g, input })]);
          if (o && !o.ok) for (const line of g.lines) fail({ line, field: o.field || 'customer', message: o.message });
        }
        return;
      }
      seen.add(g.customerNo);
      if (dryRun) {
        if (await store.customers.exists(g.customerNo)) stats.updated++;
        else stats.imported++;
        return;
      }
      batch.push({ group: g, record: record(g) });
    } catch (err) {
      failGroup(g, err);
    }
  }

  try {
    let group: Group | null = null;
    // Reading and checking rows share the event loop with the popup: slices of about 3 ms.
    const slices = new Slices(session?.blocksEventLoop ?? true);
    for await (const row of rows) {
      stats.rows++;
      if (!row.ok) {
        const { ok: _ok, ...error } = row;
        fail(error);
      } else if (group && group.customerNo === row.customerNo) {
        const problem = mergeCustomerInput(group.input, row.input);
        if (problem) fail({ line: row.line, field: 'customer', message: problem });
        else group.lines.push(row.line);
      } else {
        if (group) await flush(group);
        group = { customerNo: row.customerNo, input: row.input, lines: [row.line] };
      }
      if (onProgress && stats.rows % progressEvery === 0) onProgress({ ...stats });
      if (slices.due(batch.length)) await slices.end(batch.length, handOver);
    }
    if (group) await flush(group);
    await write();
    await session?.finish();
  } finally {
    // A file that fails mid-way keeps what was written; the session only needs closing.
    await session?.abort();
  }
  onProgress?.({ ...stats });
  return { ...stats, errors, durationMs: performance.now() - started };
}

/** Add `more`'s people and numbers to `into`; the first row's company data stays. Null when done. */
export function mergeCustomerInput(into: CustomerInput, more: CustomerInput): string | null {
  into.company ??= more.company;
  into.notes ??= more.notes;
  into.customerSince ??= more.customerSince;
  const known = new Set(into.phones.map((p) => p.number));
  const phones = more.phones.filter((p) => !known.has(p.number));
  const sameContact = (a: ContactInput, b: ContactInput) => JSON.stringify(a) === JSON.stringify(b);
  const contacts = more.contacts.filter((k) => !into.contacts.some((c) => sameContact(c, k)));
  if (into.contacts.length + contacts.length > MAX_CONTACTS) return `customer has more than ${MAX_CONTACTS} contacts`;
  if (into.phones.length + phones.length > MAX_PHONES) return `customer has more than ${MAX_PHONES} company numbers`;
  into.phones.push(...phones);
  into.contacts.push(...contacts);
  return null;
}

/** What is stored, back as input, to add rows to a customer written earlier in the same run. */
function cardToInput(card: CustomerCard): CustomerInput {
  const phone = (p: PhoneInput): PhoneInput => ({ number: p.number, label: p.label, main: p.main });
  return {
    company: card.company,
    notes: card.notes,
    customerSince: card.customerSince,
    phones: card.phones.map(phone),
    contacts: card.contacts.map(({ id: _id, phones, ...k }) => ({ ...k, phones: phones.map(phone) })),
  };
}

export interface PreviewPhone {
  number: string;
  label: string | null;
  main: boolean;
  e164: string | null;
  /** How the card will show it, or "nicht erkannt" when the number cannot be matched. */
  display: string;
}

export type PreviewRow =
  | { ok: true; line: number; customerNo: string; company: string | null; contacts: string[]; phones: PreviewPhone[] }
  | ({ ok: false } & RowError);

export const NOT_RECOGNIZED = 'nicht erkannt';

/** The first `limit` rows as they will be stored, each number as it will be matched. */
export async function previewRows(rows: AsyncIterable<RowResult>, limit: number, numbering: NumberingConfig): Promise<PreviewRow[]> {
  const out: PreviewRow[] = [];
  if (limit <= 0) return out;
  for await (const row of rows) {
    if (!row.ok) out.push(row);
    else {
      const { input } = row;
      const mains = input.phones.filter((p) => p.main).map((p) => normalizeStored(p.number, numbering).e164);
      const show = (p: PhoneInput): PreviewPhone => {
        const { e164 } = normalizeStored(p.number, numbering);
        // A direct-dial number shows its extension apart (`030 2312574-22`) as the card will.
        const main = e164 ? mains.find((m) => m && m !== e164 && e164.startsWith(m)) : null;
        const display = e164 ? formatNumber(e164, numbering, main) : NOT_RECOGNIZED;
        return { number: p.number, label: p.label, main: p.main, e164, display };
      };
      out.push({
        ok: true,
        line: row.line,
        customerNo: row.customerNo,
        company: input.company,
        contacts: input.contacts.map((k) => contactDisplayName(k)),
        phones: [...input.phones, ...input.contacts.flatMap((k) => k.phones)].map(show),
      });
    }
    if (out.length >= limit) break;
  }
  return out;
}
