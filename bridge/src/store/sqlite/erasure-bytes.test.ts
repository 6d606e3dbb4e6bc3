import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { normalizeCustomer } from '../../customers/normalize-customer.js';
import { openSqliteStore } from './index.js';

const numbering = { country: 'DE' as const, trunkPrefix: null };
const customer = (company: string, lastName: string, number: string) =>
  normalizeCustomer(
    {
      company,
      notes: null,
      customerSince: null,
      phones: [{ number, label: null, main: true }],
      contacts: [{ salutation: 'Frau', firstName: 'Erika', lastName, role: null, email: `${lastName.toLowerCase()}@example.de`, birthday: null, notes: null, phones: [] }],
    },
    numbering,
  );

// Art. 17 GDPR: an erased customer's name and number must not stay readable anywhere in the
// database files: not in the tables' free space (secure_delete), including the search index's
// stored text in the written and the folded form. (The index itself holds trigrams, prefix-
// compressed: its own secure-delete is not something a byte search can see.)
describe('erasure on SQLite leaves no bytes of the customer', () => {
  let dir: string | undefined;
  afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));

  it('neither the name as written, nor its folded search form, nor the number digits', async () => {
    dir = mkdtempSync(join(tmpdir(), 'ringside-erase-'));
    const file = join(dir, 'ringside.sqlite');
    const store = openSqliteStore(file);
    for (let i = 0; i < 200; i++) await store.customers.put(`K-${i}`, customer(`Dachbau ${i} GmbH`, `Schmidt${i}`, `030 ${5_000_000 + i}`));
    await store.customers.put('K-ERASE', customer('Quellmalz Söhne', 'Quellmalz', '0211 2312574'));
    // Updated once: the first search text is replaced, and must go too.
    await store.customers.put('K-ERASE', customer('Quellmalz Söhne KG', 'Quellmalz', '0211 2312574'));
    for (let i = 200; i < 400; i++) await store.customers.put(`K-${i}`, customer(`Dachbau ${i} GmbH`, `Schmidt${i}`, `030 ${5_000_000 + i}`));
    expect((await store.customers.search('quellmalz', 5)).map((r) => r.customerNo)).toEqual(['K-ERASE']);

    expect(await store.customers.delete('K-ERASE')).toBe(true);
    expect(await store.customers.search('quellmalz', 5)).toEqual([]);
    await store.close();

    const files = [file, `${file}-wal`, join(dir, 'ringside-journal.sqlite'), join(dir, 'ringside-journal.sqlite-wal')].filter(existsSync);
    for (const f of files) {
      const bytes = readFileSync(f).toString('latin1').toLowerCase();
      for (const trace of ['quellmalz', 'soehne', '2312574']) expect(bytes.includes(trace), `${trace} in ${f}`).toBe(false);
    }
    // The others are still there (the check reads the right files).
    expect(readFileSync(file).toString('latin1')).toContain('Schmidt399');
  });
});
