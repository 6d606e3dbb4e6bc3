import { describe, expect, it } from 'vitest';
import { normalizePhone } from '../../bridge/src/customers/normalize-customer.js';
import { switchboardPrefixes } from '../../bridge/src/phone/match.js';
import { call, customer, mueller, payload, welter, type StoreUnderTest } from './fixtures.js';

export function customerCases(t: StoreUnderTest): void {
  describe('customers', () => {
    it('creates, then replaces contacts and numbers wholesale; documents and conversations stay', async () => {
      const s = t.store();
      expect(await s.customers.put('K-1', welter())).toEqual({ created: true });
      await s.customers.putDocument('K-1', 'RE-1', { kind: 'invoice', title: 'Dach', status: 'open', amount: 1234.5, currency: 'EUR', date: '2026-01-02', due: null, url: null });
      await s.customers.addConversation('K-1', { channel: 'call', agent: 'Eva', contact: null, subject: 'Angebot', summary: null, result: null, followUp: null, at: '2026-01-05T10:00:00.000Z' });
      expect(await s.customers.put('K-1', customer({ company: 'Welter Dach AG', contacts: [{ lastName: 'Neu' }] }))).toEqual({ created: false });
      const card = (await s.customers.card('K-1', { conversations: 5 }))!;
      expect(card.company).toBe('Welter Dach AG');
      expect(card.phones).toEqual([]);
      expect(card.contacts.map((c) => c.lastName)).toEqual(['Neu']);
      expect(card.openDocuments.map((d) => d.documentNo)).toEqual(['RE-1']);
      expect(card.conversations.map((c) => c.subject)).toEqual(['Angebot']);
    });

    it('returns the card with contacts and numbers in their order, switchboard and direct dials apart', async () => {
      const s = t.store();
      await s.customers.put('K-1', welter());
      const card = (await s.customers.card('K-1', { conversations: 5 }))!;
      expect(card).toMatchObject({ customerNo: 'K-1', company: 'Welter Dachbau GmbH', notes: null, customerSince: null });
      expect(card.phones).toEqual([{ number: '030 2312574-0', e164: '+49302312574', label: 'Zentrale', main: true }]);
      expect(card.contacts.map((c) => [c.firstName, c.lastName, c.phones.map((p) => p.e164)])).toEqual([
        ['Jonas', 'Welter', ['+4930231257421']],
        ['Ana', 'Ibáñez', ['+491715550123']],
      ]);
      expect(typeof card.contacts[0]!.id).toBe('number');
      expect(await s.customers.card('nope', { conversations: 5 })).toBeNull();
      expect([...(await s.customers.cards(['K-1', 'nope'], { conversations: 1 })).keys()]).toEqual(['K-1']);
    });

    it('lists open documents overdue first, then by due date, and the newest conversations up to the limit', async () => {
      const s = t.store();
      await s.customers.put('K-1', welter());
      const doc = { kind: 'invoice' as const, title: null, amount: null, currency: 'EUR', date: null, url: null };
      await s.customers.putDocument('K-1', 'A', { ...doc, status: 'open', due: '2026-05-01' });
      await s.customers.putDocument('K-1', 'B', { ...doc, status: 'overdue', due: '2026-04-01' });
      await s.customers.putDocument('K-1', 'C', { ...doc, status: 'open', due: null, date: '2026-01-01' });
      await s.customers.putDocument('K-1', 'D', { ...doc, status: 'paid', due: '2026-01-01' });
      await s.customers.putDocument('K-1', 'E', { ...doc, status: 'open', due: '2026-03-01' });
      expect(await s.customers.putDocument('K-1', 'E', { ...doc, status: 'open', due: '2026-03-01', amount: 10 })).toEqual({ created: false });
      expect(await s.customers.putDocument('nope', 'X', { ...doc, status: 'open', due: null })).toBeNull();
      for (let i = 1; i <= 4; i++) {
        await s.customers.addConversation('K-1', { channel: 'note', agent: null, contact: null, subject: `n${i}`, summary: null, result: null, followUp: null, at: `2026-01-0${i}T10:00:00.000Z` });
      }
      const card = (await s.customers.card('K-1', { conversations: 2 }))!;
      expect(card.openDocuments.map((d) => d.documentNo)).toEqual(['B', 'E', 'A', 'C']);
      expect(card.openDocuments.find((d) => d.documentNo === 'E')!.amount).toBe(10);
      expect(card.conversations.map((c) => c.subject)).toEqual(['n4', 'n3']);
      expect(await s.customers.addConversation('nope', { channel: 'note', agent: null, contact: null, subject: null, summary: null, result: null, followUp: null })).toBeNull();
    });

    it('adds a number to the customer or one of its contacts, never to a contact of another customer', async () => {
      const s = t.store();
      await s.customers.put('K-1', welter());
      await s.customers.put('K-2', mueller());
      const numbering = { country: 'DE', trunkPrefix: null } as const;
      const phone = normalizePhone({ number: '0151 2345678', label: 'neu', main: false }, numbering);
      const jonas = (await s.customers.card('K-1', { conversations: 0 }))!.contacts[0]!.id;
      const other = (await s.customers.card('K-2', { conversations: 0 }))!.contacts[0]!.id;
      expect(await s.customers.addPhone('K-2', phone, jonas)).toBeNull();
      expect(await s.customers.addPhone('nope', phone, null)).toBeNull();
      const { card, added } = (await s.customers.addPhone('K-1', phone, jonas))!;
      expect(added).toBe(true);
      expect(card.contacts[0]!.phones.map((p) => p.number)).toEqual(['030 2312574-21', '0151 2345678']);
      await s.customers.addPhone('K-2', phone, other);
      // The new number is searchable at once.
      expect((await s.customers.search('2345678', 10)).map((r) => r.customerNo).sort()).toEqual(['K-1', 'K-2']);
    });

    it('finds numbers by exact E.164 and switchboards by prefix, with index lookups only', async () => {
      const s = t.store();
      await s.customers.put('K-1', welter());
      const exact = await s.customers.findPhones('+4930231257421', switchboardPrefixes('+4930231257421'));
      expect(exact.exact).toEqual([expect.objectContaining({ customerNo: 'K-1', e164: '+4930231257421', main: false })]);
      expect(exact.main).toEqual([]);
      const viaMain = await s.customers.findPhones('+4930231257499', switchboardPrefixes('+4930231257499'));
      expect(viaMain.exact).toEqual([]);
      expect(viaMain.main).toEqual([expect.objectContaining({ customerNo: 'K-1', contactId: null, e164: '+49302312574', main: true })]);
      expect(await s.customers.findPhones('+4940000000', [])).toEqual({ exact: [], main: [] });
    });

    it('deletes a customer with everything about them, calls included; counts and pages through numbers', async () => {
      const s = t.store();
      for (const no of ['K-3', 'K-1', 'K-2', 'a-1']) await s.customers.put(no, welter());
      await s.calls.record(call('c1', { customerNo: 'K-2' }), { targets: null, payload, at: '2026-03-02T09:00:00.000Z' });
      expect(await s.customers.count()).toBe(4);
      // Byte order: upper case before lower case, whatever the database's locale.
      expect(await s.customers.listNumbers(null, 2)).toEqual(['K-1', 'K-2']);
      expect(await s.customers.listNumbers('K-2', 5)).toEqual(['K-3', 'a-1']);
      expect(await s.customers.delete('K-2')).toBe(true);
      expect(await s.customers.delete('K-2')).toBe(false);
      expect(await s.customers.exists('K-2')).toBe(false);
      expect(await s.customers.exists('K-1')).toBe(true);
      expect(await s.calls.get('generic', 'c1')).toBeNull();
      expect(await s.calls.forCustomer('K-2')).toEqual([]);
      expect((await s.customers.search('welter', 10)).map((r) => r.customerNo).sort()).toEqual(['K-1', 'K-3', 'a-1']);
    });
  });
}
