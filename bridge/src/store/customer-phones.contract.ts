import type { CustomerInput } from '@ringside/shared';
import { afterEach, describe, expect, it } from 'vitest';
import { normalizeCustomer, normalizePhone } from '../customers/normalize-customer.js';
import type { NumberingConfig } from '../phone/normalize.js';
import type { Store } from './store.js';

export const DE: NumberingConfig = { country: 'DE', trunkPrefix: null };
export const phone = (number: string, extra: { label?: string | null; main?: boolean } = {}) =>
  normalizePhone({ number, label: extra.label ?? null, main: extra.main ?? false }, DE);
export const customer = (input: Partial<CustomerInput>): CustomerInput => ({
  company: 'Welter Dachbau GmbH',
  notes: null,
  customerSince: null,
  phones: [],
  contacts: [],
  ...input,
});
export const contact = (lastName: string, numbers: string[]): CustomerInput['contacts'][number] => ({
  salutation: null,
  firstName: null,
  lastName,
  role: null,
  email: null,
  birthday: null,
  notes: null,
  phones: numbers.map((number) => ({ number, label: null, main: false })),
});

/**
 * One number once per owner, whatever the database: attaching a number the customer or contact
 * has already stores nothing and says so, `put` stores a repeated number once. Run it from each
 * store's own test file with a function that opens an empty store.
 */
export function describeCustomerPhonesContract(name: string, open: () => Promise<Store>): void {
  describe(`${name}: one number once per owner`, () => {
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
}
