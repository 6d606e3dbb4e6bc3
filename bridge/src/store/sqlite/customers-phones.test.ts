import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CustomerInput } from '@ringside/shared';
import { afterEach, describe, expect, it } from 'vitest';
import { distinctPhones, normalizeCustomer, normalizePhone } from '../../customers/normalize-customer.js';
import type { NumberingConfig } from '../../phone/normalize.js';
import type { Store } from '../store.js';
import { openSqliteStore } from './index.js';
import { migrations } from './migrations.js';

const DE: NumberingConfig = { country: 'DE', trunkPrefix: null };
const phone = (number: string, extra: { label?: string | null; main?: boolean } = {}) =>
  normalizePhone({ number, label: extra.label ?? null, main: extra.main ?? false }, DE);
const customer = (input: Partial<CustomerInput>): CustomerInput => ({
  company: 'Welter Dachbau GmbH',
  notes: null,
  customerSince: null,
  phones: [],
  contacts: [],
  ...input,
});
const contact = (lastName: string, numbers: string[]): CustomerInput['contacts'][number] => ({
  salutation: null,
  firstName: null,
  lastName,
  role: null,
  email: null,
  birthday: null,
  notes: null,
  phones: numbers.map((number) => ({ number, label: null, main: false })),
});

/** Every store implementation runs the same cases; PostgreSQL joins this list. */
const stores: [name: string, open: () => Promise<Store>][] = [['sqlite', async () => openSqliteStore(':memory:')]];

describe.each(stores)('%s store: one number once per owner', (_name, open) => {
  let store: Store;
  afterEach(async () => store?.close());

  it('attaching a number the contact already has stores nothing and says so', async () => {
    store = await open();
    await store.customers.put('K-1', normalizeCustomer(customer({ contacts: [contact('Welter', ['0170 1234567'])] }), DE));
    const contactId = (await store.customers.card('K-1', { conversations: 0 }))!.contacts[0]!.id;
    const before = await store.customers.findPhones('+491701234567', []);

    const again = await store.customers.addPhone('K-1', phone('+49 170 1234567', { label: 'mobil' }), contactId);
    expect(again?.added).toBe(false);
    expect(again?.card.contacts[0]?.phones).toEqual([{ number: '0170 1234567', e164: '+491701234567', label: null, main: false }]);
    expect(await store.customers.findPhones('+491701234567', [])).toEqual(before);

    const other = await store.customers.addPhone('K-1', phone('030 2312574-0', { main: true }), contactId);
    expect(other?.added).toBe(true);
    expect(other?.card.contacts[0]?.phones.map((p) => p.e164)).toEqual(['+491701234567', '+49302312574']);
    // Twice in a row is still once.
    expect((await store.customers.addPhone('K-1', phone('030 2312574'), contactId))?.added).toBe(false);
  });

  it('the same number on the company and on a contact are two owners, two rows', async () => {
    store = await open();
    await store.customers.put('K-1', normalizeCustomer(customer({ contacts: [contact('Welter', [])] }), DE));
    const contactId = (await store.customers.card('K-1', { conversations: 0 }))!.contacts[0]!.id;
    expect((await store.customers.addPhone('K-1', phone('0170 1234567'), null))?.added).toBe(true);
    expect((await store.customers.addPhone('K-1', phone('0170 1234567'), contactId))?.added).toBe(true);
    expect((await store.customers.addPhone('K-1', phone('01701234567'), null))?.added).toBe(false);
    expect((await store.customers.findPhones('+491701234567', [])).exact).toHaveLength(2);
  });

  it('text that is no number is compared as text', async () => {
    store = await open();
    await store.customers.put('K-1', normalizeCustomer(customer({}), DE));
    expect((await store.customers.addPhone('K-1', phone('Zentrale'), null))?.added).toBe(true);
    expect((await store.customers.addPhone('K-1', phone('Zentrale'), null))?.added).toBe(false);
    expect((await store.customers.addPhone('K-1', phone('Empfang'), null))?.added).toBe(true);
    expect((await store.customers.card('K-1', { conversations: 0 }))!.phones.map((p) => p.number)).toEqual(['Zentrale', 'Empfang']);
  });

  it('unknown customer or contact: null', async () => {
    store = await open();
    await store.customers.put('K-1', normalizeCustomer(customer({}), DE));
    expect(await store.customers.addPhone('K-404', phone('0170 1234567'), null)).toBeNull();
    expect(await store.customers.addPhone('K-1', phone('0170 1234567'), 999_999)).toBeNull();
  });

  it('put stores a number given twice to one owner once, even when not normalized first', async () => {
    store = await open();
    const twice = normalizeCustomer(customer({ contacts: [contact('Welter', ['0170 1234567'])] }), DE);
    // What a store must cope with whoever calls it: the same number twice on one contact.
    twice.contacts[0]!.phones.push(phone('+49 170 1234567'));
    twice.phones.push(phone('030 2312574'), phone('030/2312574'));
    await store.customers.put('K-1', twice);
    const card = (await store.customers.card('K-1', { conversations: 0 }))!;
    expect(card.phones.map((p) => p.number)).toEqual(['030 2312574']);
    expect(card.contacts[0]?.phones.map((p) => p.number)).toEqual(['0170 1234567']);
  });
});

describe('customer normalization collapses repeated numbers per owner', () => {
  it('keeps the first spelling and any label or main flag', () => {
    const input = customer({
      phones: [
        { number: '030 2312574-0', label: null, main: false },
        { number: '+49 30 2312574', label: 'Zentrale', main: true },
        { number: '0170 1234567', label: null, main: false },
        { number: 'Zentrale', label: null, main: false },
        { number: 'Zentrale', label: 'x', main: false },
      ],
      contacts: [contact('Welter', ['0170 1234567', '01701234567', '0171 7654321'])],
    });
    const out = normalizeCustomer(input, DE);
    expect(out.phones.map((p) => [p.number, p.e164, p.label, p.main])).toEqual([
      ['030 2312574-0', '+49302312574', 'Zentrale', true],
      ['0170 1234567', '+491701234567', null, false],
      ['Zentrale', null, 'x', false],
    ]);
    // The contact is another owner: its copy of the company's mobile stays.
    expect(out.contacts[0]?.phones.map((p) => p.e164)).toEqual(['+491701234567', '+491717654321']);
  });

  it('leaves distinct numbers alone', () => {
    const phones = ['030 2312574', '030 2312574-21', '0170 1234567'].map((n) => phone(n));
    expect(distinctPhones(phones)).toEqual(phones);
  });
});

describe('the one-number-per-owner migration merges numbers stored twice before it', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it('keeps the first row with the label and main flag of any duplicate, then refuses new duplicates', async () => {
    dir = mkdtempSync(join(tmpdir(), 'ringside-migration-'));
    const file = join(dir, 'old.sqlite');
    // A database as the version before it left it, with the duplicates it allowed.
    const version = migrations.findIndex((sql) => sql.includes('CREATE UNIQUE INDEX phones_owner_number'));
    expect(version).toBeGreaterThan(0);
    const old = new Database(file);
    for (const sql of migrations.slice(0, version)) old.exec(sql);
    old.pragma(`user_version = ${version}`);
    old.exec(`
      INSERT INTO customers (customer_no, company, created_at, updated_at) VALUES ('K-1', 'Welter', 'x', 'x');
      INSERT INTO contacts (id, customer_no, position, last_name) VALUES (7, 'K-1', 0, 'Welter');
      INSERT INTO phones (id, customer_no, contact_id, position, number, e164, label, main) VALUES
        (1, 'K-1', NULL, 0, '030 2312574', '+49302312574', NULL, 0),
        (2, 'K-1', NULL, 1, '+49 30 2312574', '+49302312574', 'Zentrale', 1),
        (3, 'K-1', 7, 2, '030 2312574', '+49302312574', NULL, 0),
        (4, 'K-1', 7, 3, 'Zentrale', NULL, NULL, 0),
        (5, 'K-1', 7, 4, 'Zentrale', NULL, 'alt', 0),
        (6, 'K-1', 7, 5, '0170 1234567', '+491701234567', 'mobil', 0),
        (8, 'K-1', 7, 6, '01701234567', '+491701234567', 'privat', 0);
    `);
    old.close();

    const store = openSqliteStore(file);
    try {
      const card = (await store.customers.card('K-1', { conversations: 0 }))!;
      expect(card.phones).toEqual([{ number: '030 2312574', e164: '+49302312574', label: 'Zentrale', main: true }]);
      expect(card.contacts[0]?.phones).toEqual([
        { number: '030 2312574', e164: '+49302312574', label: null, main: false },
        { number: 'Zentrale', e164: null, label: 'alt', main: false },
        { number: '0170 1234567', e164: '+491701234567', label: 'mobil', main: false },
      ]);
      expect((await store.customers.addPhone('K-1', phone('030 2312574'), null))?.added).toBe(false);
    } finally {
      await store.close();
    }
  });
});
