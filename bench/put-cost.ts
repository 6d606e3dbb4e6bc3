import type { CountryCode } from 'libphonenumber-js';
import { normalizeCustomer } from '../bridge/src/customers/normalize-customer.js';
import { openSqliteStore } from '../bridge/src/store/sqlite/index.js';
import { CustomerBase } from './customers.js';
import { summarize } from './stats.js';

/**
 * What one customer write costs on the full database through the unmodified store, as
 * `PUT /api/customers/{no}` and an ERP sync pay it. The first customers of a fresh base with the
 * same seed are exactly the seeded ones, so this rewrites them with identical data.
 */
export async function measurePut(
  dbFile: string,
  count: number,
  budgetMs: number,
): Promise<{ count: number; mean: number; ms: [p50: number, p99: number, max: number] }> {
  const store = openSqliteStore(dbFile);
  try {
    const numbering = { country: 'DE' as CountryCode, trunkPrefix: null };
    const times: number[] = [];
    const deadline = performance.now() + budgetMs;
    for (const { customerNo, input } of new CustomerBase().customers(count)) {
      const c = normalizeCustomer(input, numbering);
      const t0 = performance.now();
      const { created } = await store.customers.put(customerNo, c);
      times.push(performance.now() - t0);
      if (created) throw new Error(`customer ${customerNo} was not in the seeded database`);
      if (performance.now() > deadline) break;
    }
    const s = summarize(times);
    return { count: times.length, mean: times.reduce((a, b) => a + b, 0) / times.length, ms: [s.p50, s.p99, s.max] };
  } finally {
    await store.close();
  }
}
