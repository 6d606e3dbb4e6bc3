import type { CustomerCard } from '@ringside/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../store/sqlite/index.js';
import type { Store } from '../store/store.js';
import { decodeSyncRecord } from '../store/sync-rules.js';
import { guessMapping } from './csv-mapping.js';
import { mappedRows, openCsv } from './csv-reader.js';
import { importCustomers, NOT_RECOGNIZED, previewRows, type ImportProgress } from './importer.js';
import type { RowResult } from './rows.js';

const DE = { country: 'DE' as const, trunkPrefix: null };
const HEADER = 'Kundennummer;Firma;Anrede;Vorname;Nachname;Telefon;Mobil;E-Mail;Geburtstag';

async function rowsOf(text: string): Promise<AsyncIterable<RowResult>> {
  const file = await openCsv(Buffer.from(text));
  return mappedRows(file, guessMapping(file.headers), DE);
}

const importText = async (store: Store, text: string, onProgress?: (p: ImportProgress) => void) =>
  importCustomers(await rowsOf(text), store, DE, onProgress);

/** The card without what changes on every write, for comparing two imports. */
async function stored(store: Store, no: string) {
  const card = await store.customers.card(no, { conversations: 0 });
  if (!card) return null;
  const { updatedAt: _u, ...rest } = card;
  return { ...rest, contacts: rest.contacts.map(({ id: _id, ...k }) => k) } as Omit<CustomerCard, 'updatedAt'>;
}

let store: Store;
beforeEach(() => {
  store = openSqliteStore(':memory:');
});
afterEach(async () => {
  await store.close();
});

const FILE = [
  HEADER,
  '10023;Welter Dachbau GmbH;Herr;Jonas;Welter;030 2312574-0;0170 1234567;jonas@welter.example;14.03.1975',
  '10023;Welter Dachbau GmbH;Frau;Anna;Welter;030 2312574-22;;anna@welter.example;',
  ';;Frau;Erika;Mustermann;089 99998123;;erika@example.de;',
  '10024;Heide Elektro;;;;069 90009-0;;;',
].join('\r\n');

describe('importCustomers', () => {
  it('imports, and a re-import of the same file updates instead of duplicating', async () => {
    const first = await importText(store, FILE);
    expect(first).toMatchObject({ rows: 4, imported: 3, updated: 0, failed: 0, errors: [] });
    const before = await Promise.all(['10023', 'T498999998123', '10024'].map((no) => stored(store, no)));

    const second = await importText(store, FILE);
    expect(second).toMatchObject({ rows: 4, imported: 0, updated: 3, failed: 0 });
    expect(await store.customers.count()).toBe(3);
    expect(await Promise.all(['10023', 'T498999998123', '10024'].map((no) => stored(store, no)))).toEqual(before);
  });

  it('makes consecutive rows of one customer number one customer with several contacts', async () => {
    await importText(store, FILE);
    const card = await stored(store, '10023');
    expect(card?.contacts.map((k) => k.firstName)).toEqual(['Jonas', 'Anna']);
    expect(card?.phones).toEqual([{ number: '030 2312574-0', e164: '+49302312574', label: null, main: true }]);
    // Anna's direct dial hangs off the switchboard: a caller from any extension finds the company.
    const { exact, main } = await store.customers.findPhones('+4930231257499', ['+49302312574']);
    expect(exact).toEqual([]);
    expect(main.map((r) => r.customerNo)).toEqual(['10023']);
  });

  it('adds a customer number that comes back later in the file to what was written for it, also on re-import', async () => {
    const text = [HEADER, '7;A GmbH;;Eva;Eins;030 111111;;;', '8;B GmbH;;;;030 222222;;;', '7;A GmbH;;Max;Zwei;;;;'].join('\n');
    expect(await importText(store, text)).toMatchObject({ imported: 2, updated: 0, failed: 0 });
    const card = await stored(store, '7');
    expect(card?.contacts.map((k) => k.firstName)).toEqual(['Eva', 'Max']);
    expect(await importText(store, text)).toMatchObject({ imported: 0, updated: 2, failed: 0 });
    expect(await stored(store, '7')).toEqual(card);
  });

  it('reports bad rows with their row number and imports the rest', async () => {
    const text = [
      HEADER,
      '1;A GmbH;;;;030 1111111;;;',
      '2;;;Bad;Mail;030 2222222;;bad@;',
      '3;;;Bad;Birthday;030 3333333;;;30.02.1990',
      '4;;;;;030 4444444;;;',
      ';;;No;Key;;;;',
      '6;F GmbH;;;;;;;',
    ].join('\n');
    const r = await importText(store, text);
    expect(r).toMatchObject({ rows: 6, imported: 2, updated: 0, failed: 4 });
    expect(r.errors.map((e) => [e.line, e.field])).toEqual([
      [3, 'email'],
      [4, 'birthday'],
      [5, 'name'],
      [6, 'customerNo'],
    ]);
    expect(await store.customers.exists('6')).toBe(true);
  });

  it('imports a generated 1,000-row file with every 50th row bad', async () => {
    const lines = [HEADER];
    for (let i = 1; i <= 1000; i++) {
      const bad = i % 50 === 0;
      const phone = `030 ${String(2000000 + i)}`;
      lines.push(`K${i};${i % 3 === 0 ? `Firma ${i} GmbH` : ''};Herr;Vor${i};Nach${i};${phone};;${bad ? 'kaputt' : `p${i}@example.de`};`);
    }
    const reports: ImportProgress[] = [];
    const r = await importCustomers(await rowsOf(lines.join('\n')), store, DE, (p) => reports.push(p), { progressEvery: 100 });
    expect(r).toMatchObject({ rows: 1000, imported: 980, updated: 0, failed: 20 });
    expect(r.errors.map((e) => e.line)).toEqual(Array.from({ length: 20 }, (_, i) => (i + 1) * 50 + 1));
    expect(await store.customers.count()).toBe(980);
    expect(reports.map((p) => p.rows)).toEqual([100, 200, 300, 400, 500, 600, 700, 800, 900, 1000, 1000]);
    const found = await store.customers.findPhones('+49302000999', []);
    expect(found.exact.map((p) => p.customerNo)).toEqual(['K999']);
  });

  it('turns a store failure into an error of that row and goes on', async () => {
    // The store refuses every write that contains customer 2 (a batch, or the one record).
    const failing: Store = {
      ...store,
      sync: {
        begin: async (options) => {
          const session = await store.sync.begin(options);
          return {
            ...session,
            write: async (records) => {
              if (records.map(decodeSyncRecord).some((r) => r.customerNo === '2')) throw new Error('disk full');
              return session.write(records);
            },
          };
        },
      },
    };
    const text = [HEADER, '1;A;;;;;;;', '2;B;;;;;;;', '2;B;;X;Y;;;;', '3;C;;;;;;;'].join('\n');
    const r = await importText(failing, text);
    expect(r).toMatchObject({ imported: 2, failed: 2 });
    expect(r.errors).toEqual([
      { line: 3, field: 'customer', message: 'could not be saved: disk full' },
      { line: 4, field: 'customer', message: 'could not be saved: disk full' },
    ]);
  });

  it('writes nothing in a dry run but counts what would change', async () => {
    await importText(store, [HEADER, '10024;Old GmbH;;;;;;;'].join('\n'));
    const r = await importCustomers(await rowsOf(FILE), store, DE, undefined, { dryRun: true });
    expect(r).toMatchObject({ imported: 2, updated: 1, failed: 0 });
    expect(await store.customers.count()).toBe(1);
    expect((await stored(store, '10024'))?.company).toBe('Old GmbH');
  });

  it('keeps only the first errors', async () => {
    const text = [HEADER, ...Array.from({ length: 30 }, () => ';;;;;;;;')].join('\n').replace(/;;;;;;;;/g, 'x;;;;;;;;');
    const r = await importCustomers(await rowsOf(text), store, DE, undefined, { maxErrors: 5 });
    expect(r.failed).toBe(30);
    expect(r.errors).toHaveLength(5);
  });
});

describe('previewRows', () => {
  it('shows the first rows with each number as it will be matched', async () => {
    const text = [HEADER, '10023;Welter Dachbau GmbH;Herr;Jonas;Welter;030 2312574-0;folgt;;', '2;;;;;;;;', '3;C;;;;;;;'].join('\n');
    const preview = await previewRows(await rowsOf(text), 2, DE);
    expect(preview).toEqual([
      {
        ok: true,
        line: 2,
        customerNo: '10023',
        company: 'Welter Dachbau GmbH',
        contacts: ['Herr Jonas Welter'],
        phones: [
          { number: '030 2312574-0', label: null, main: true, e164: '+49302312574', display: '030 2312574' },
          { number: 'folgt', label: 'mobil', main: false, e164: null, display: NOT_RECOGNIZED },
        ],
      },
      { ok: false, line: 3, field: 'name', message: expect.stringMatching(/company nor a name/) },
    ]);
  });

  it('shows a direct-dial number apart from its switchboard', async () => {
    const text = ['Kundennummer;Firma;Zentrale;Telefon;Nachname', '1;A GmbH;030 2312574;030 2312574-21;B'].join('\n');
    const [row] = await previewRows(await rowsOf(text), 1, DE);
    expect(row?.ok && row.phones.map((p) => p.display)).toEqual(['030 2312574', '030 2312574-21']);
  });
});
