import type { CountryCode } from 'libphonenumber-js';
import { normalizeCustomer } from '../bridge/src/customers/normalize-customer.js';
import { sqliteCustomerRepo } from '../bridge/src/store/sqlite/customers.js';
import { openDatabase } from '../bridge/src/store/sqlite/database.js';
import type { NormalizedCustomer } from '../bridge/src/store/store.js';
import type { CustomerBase } from './customers.js';

/**
 * Seeding through the real customer repository, so the rows, phone normalization and search
 * index are exactly what `PUT /api/customers/{no}` would have written. Puts are batched into one
 * transaction per 2,000 customers (the repo's own transaction becomes a savepoint), and the
 * seeding connection alone runs with synchronous=OFF: a failed seed is thrown away anyway.
 */
const BATCH = 2000;

export interface SeedResult {
  customers: number;
  phones: number;
  /** Stored numbers normalization could not read; should be 0 or the data set is not realistic. */
  unreadable: number;
  ms: number;
}

export async function seed(
  file: string,
  base: CustomerBase,
  count: number,
  progress: (done: number) => void = () => {},
): Promise<SeedResult> {
  const started = performance.now();
  const raw = openDatabase(file);
  try {
    // Nothing here needs to survive a crash: a failed seed is thrown away with its temp dir.
    raw.pragma('synchronous = OFF');
    const repo = sqliteCustomerRepo(raw);
    const numbering = { country: 'DE' as CountryCode, trunkPrefix: null };

    // Inside this transaction the repo's own one becomes a savepoint. Its async wrapper runs the
    // body synchronously, so all rows are written before the commit; a failing customer only
    // shows up as a rejected promise, which is awaited below.
    const flush = raw.transaction((batch: [string, NormalizedCustomer][]) => batch.map(([no, c]) => repo.put(no, c)));

    let pending: [string, NormalizedCustomer][] = [];
    let customers = 0;
    let phones = 0;
    let unreadable = 0;
    const write = async () => {
      await Promise.all(flush(pending));
      pending = [];
      progress(customers);
    };
    for (const { customerNo, input } of base.customers(count)) {
      const c = normalizeCustomer(input, numbering);
      for (const p of [...c.phones, ...c.contacts.flatMap((k) => k.phones)]) {
        phones++;
        if (!p.e164) unreadable++;
      }
      pending.push([customerNo, c]);
      customers++;
      if (pending.length >= BATCH) await write();
    }
    if (pending.length > 0) await write();

    const stored = raw.prepare('SELECT COUNT(*) FROM customers').pluck().get() as number;
    if (stored !== count) throw new Error(`seeded ${stored} customers, expected ${count}`);
    // The bridge opens the file next; a folded-in WAL makes its first reads like production's.
    raw.pragma('wal_checkpoint(TRUNCATE)');
    return { customers, phones, unreadable, ms: performance.now() - started };
  } finally {
    raw.close();
  }
}
