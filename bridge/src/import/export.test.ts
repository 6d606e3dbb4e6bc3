import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { normalizeCustomer } from '../customers/normalize-customer.js';
import { openSqliteStore } from '../store/sqlite/index.js';
import type { Store } from '../store/store.js';
import { guessMapping } from './csv-mapping.js';
import { mappedRows, openCsv } from './csv-reader.js';
import { cell, exportCustomersCsv, keysetPages } from './export.js';
import { importCustomers } from './importer.js';

const DE = { country: 'DE' as const, trunkPrefix: null };

async function exportAll(store: Store, nos: string[]): Promise<string> {
  let out = '';
  for await (const chunk of exportCustomersCsv(async function* () {
    yield* nos;
  }, store)) out += chunk;
  return out;
}

async function snapshot(store: Store, nos: string[]) {
  const cards = await store.customers.cards(nos, { conversations: 0 });
  return nos.map((no) => {
    const { updatedAt: _u, ...c } = cards.get(no)!;
    // Numbers come back grouped by column (mobile, home, ...), so their order may change.
    const sorted = <T extends { number: string }>(phones: T[]) => [...phones].sort((a, b) => a.number.localeCompare(b.number));
    return { ...c, phones: sorted(c.phones), contacts: c.contacts.map(({ id: _id, phones, ...k }) => ({ ...k, phones: sorted(phones) })) };
  });
}

let store: Store;
beforeEach(async () => {
  store = openSqliteStore(':memory:');
  const put = (no: string, input: Parameters<typeof normalizeCustomer>[0]) => store.customers.put(no, normalizeCustomer(input, DE));
  await put('10023', {
    company: 'Welter Dachbau GmbH',
    notes: 'Rahmenvertrag; "Dachwartung"\nzweite Zeile',
    customerSince: '2016-11-23',
    phones: [{ number: '030 2312574-0', label: 'Zentrale', main: true }],
    contacts: [
      {
        salutation: 'Herr',
        firstName: 'Jonas',
        lastName: 'Welter',
        role: 'Geschäftsführer',
        email: 'jonas@welter.example',
        birthday: '1975-03-14',
        notes: 'Urlaub auf Fuerteventura',
        phones: [
          { number: '0170 1234567', label: 'mobil', main: false },
          { number: '030 2312574-21', label: null, main: false },
          { number: '030 2312574-29', label: null, main: false },
          { number: '030 2312574-28', label: null, main: false },
        ],
      },
      { salutation: 'Frau', firstName: 'Anna', lastName: 'Wêlter-Øzil', role: null, email: null, birthday: null, notes: null, phones: [] },
    ],
  });
  await put('P-1', {
    company: null,
    notes: null,
    customerSince: null,
    phones: [],
    contacts: [{ salutation: null, firstName: 'Erika', lastName: 'Mustermann', role: null, email: null, birthday: null, notes: null, phones: [{ number: '+49 89 99998123', label: 'privat', main: false }] }],
  });
  await put('C-2', { company: '=HYPERLINK("http://x")', notes: 'see ticket,=HYPERLINK("http://x")\n+SUM(A1); -22', customerSince: null, phones: [], contacts: [] });
});
afterEach(async () => {
  await store.close();
});

describe('exportCustomersCsv', () => {
  it('writes a BOM, German headers, semicolons, CRLF and one row per contact', async () => {
    const csv = await exportAll(store, ['10023', 'P-1']);
    expect(csv.startsWith('\uFEFFKundennummer;Firma;Anrede;Vorname;Nachname;Position;Telefon;Mobil;Telefon privat;Zentrale;')).toBe(true);
    const lines = csv.slice(1).split('\r\n');
    expect(lines[1]).toBe(
      '10023;Welter Dachbau GmbH;Herr;Jonas;Welter;Geschäftsführer;030 2312574-21;0170 1234567;;030 2312574-0;030 2312574-29 | 030 2312574-28;' +
        'jonas@welter.example;14.03.1975;23.11.2016;"Rahmenvertrag; ""Dachwartung""\nzweite Zeile";Urlaub auf Fuerteventura',
    );
    expect(lines[2]).toBe('10023;Welter Dachbau GmbH;Frau;Anna;Wêlter-Øzil;;;;;;;;;;;');
    expect(lines[3]).toBe('P-1;;;Erika;Mustermann;;;;+49 89 99998123;;;;;;;');
  });

  it('guards formula-like text against spreadsheet injection but leaves phone numbers readable', async () => {
    expect(await exportAll(store, ['C-2'])).toContain(`C-2;"'=HYPERLINK(""http://x"")";`);
    expect(cell('+49 30 2312574')).toBe('+49 30 2312574');
    expect(cell('-21')).toBe('-21');
    expect(cell('@home')).toBe("'@home");
    expect(cell('+SUM(A1)')).toBe("'+SUM(A1)");
    expect(cell(' leading space')).toBe('" leading space"');
  });

  it('reads back through the importer into the same customers', async () => {
    const nos = ['10023', 'C-2', 'P-1'];
    const before = await snapshot(store, nos);
    const csv = await exportAll(store, nos);

    const again = openSqliteStore(':memory:');
    try {
      const file = await openCsv(Buffer.from(csv, 'utf8'));
      const mapping = guessMapping(file.headers);
      expect(Object.values(mapping)).not.toContain('ignore');
      const r = await importCustomers(mappedRows(file, mapping, DE), again, DE);
      expect(r).toMatchObject({ imported: 3, failed: 0 });
      expect(await snapshot(again, nos)).toEqual(before.map((c) => ({
        ...c,
        // The importer labels the switchboard column itself; the rest comes back as it was.
        phones: c.phones.map((p) => ({ ...p, label: p.main ? 'Zentrale' : p.label })),
        contacts: c.contacts.map((k) => ({ ...k, phones: k.phones.map((p) => ({ ...p, label: p.label === 'mobil' || p.label === 'privat' ? p.label : null })) })),
      })));
    } finally {
      await again.close();
    }
  });

  it('skips a customer deleted between listing and reading', async () => {
    const csv = await exportAll(store, ['gone', 'P-1']);
    expect(csv.split('\r\n').filter(Boolean)).toHaveLength(2);
  });
});

describe('keysetPages', () => {
  it('pages through keys after the last one seen until a short page', async () => {
    const keys = Array.from({ length: 7 }, (_, i) => `K${i}`);
    const calls: Array<[string | null, number]> = [];
    const out: string[] = [];
    for await (const k of keysetPages(async (after, limit) => {
      calls.push([after, limit]);
      return keys.filter((x) => after === null || x > after).slice(0, limit);
    }, 3)) out.push(k);
    expect(out).toEqual(keys);
    expect(calls).toEqual([
      [null, 3],
      ['K2', 3],
      ['K5', 3],
    ]);
  });
});
