import { describe, expect, it } from 'vitest';
import type { CardMatch, Contact, CustomerCard, LookupResult, LookupStatus, Phone } from '@ringside/shared';
import { entityId, isMobile, lookupAnswer, parseEntityId } from './lookup-answer.js';

const phone = (number: string, e164: string | null, label: string | null = null, main = false): Phone => ({ number, e164, label, main });

const jonas: Contact = {
  id: 7,
  salutation: 'Herr',
  firstName: 'Jonas',
  lastName: 'Welter',
  role: 'Geschäftsführer',
  email: 'jonas@welter-dach.example',
  birthday: null,
  notes: null,
  phones: [phone('0170 1234567', '+491701234567', 'mobil')],
};
const mara: Contact = { ...jonas, id: 8, salutation: 'Frau', firstName: 'Mara', lastName: 'Welter', email: null, phones: [phone('030 2312574-33', '+4930231257433')] };

function card(customerNo: string, patch: Partial<CustomerCard> = {}): CustomerCard {
  return {
    customerNo,
    company: 'Welter Dachbau GmbH',
    notes: null,
    customerSince: null,
    phones: [phone('030 2312574-0', '+49302312574', 'Zentrale', true)],
    contacts: [jonas, mara],
    conversations: [],
    openDocuments: [],
    updatedAt: '2026-11-20T09:00:00.000Z',
    ...patch,
  };
}

function result(status: LookupStatus, matches: CardMatch[] = []): LookupResult {
  return { number: { raw: '00491701234567', kind: 'number', e164: '+491701234567', display: '0170 1234567' }, status, matches };
}

describe('lookupAnswer: a lookup result as the contacts 3CX reads', () => {
  it('names the matched contact with company, e-mail and both numbers', () => {
    const welter = card('K-1001');
    const answer = lookupAnswer(result('known', [{ level: 'exact', phone: jonas.phones[0]!, contact: jonas, card: welter, choices: [] }]));
    expect(answer).toEqual({
      contacts: [
        {
          EntityId: 'K-1001:7',
          EntityType: 'Contacts',
          FirstName: 'Jonas',
          LastName: 'Welter',
          CompanyName: 'Welter Dachbau GmbH',
          Email: 'jonas@welter-dach.example',
          PhoneBusiness: '030 2312574-0',
          PhoneMobile: '0170 1234567',
          ContactUrl: null,
        },
      ],
    });
  });

  it('a company number without a named person still gives the first contact to greet', () => {
    const welter = card('K-1001');
    const [entry] = lookupAnswer(result('known', [{ level: 'switchboard', phone: welter.phones[0]!, contact: null, card: welter, choices: [] }])).contacts;
    expect(entry).toMatchObject({ EntityId: 'K-1001:7', FirstName: 'Jonas', PhoneBusiness: '030 2312574-0', PhoneMobile: '0170 1234567' });
  });

  it('a company without any contact shows the company as the name', () => {
    const bare = card('K-2000', { company: 'Quellmalz KG', contacts: [] });
    const [entry] = lookupAnswer(result('known', [{ level: 'exact', phone: bare.phones[0]!, contact: null, card: bare, choices: [] }])).contacts;
    expect(entry).toMatchObject({ EntityId: 'K-2000', EntityType: 'Companies', FirstName: '', LastName: 'Quellmalz KG', CompanyName: 'Quellmalz KG', Email: '', PhoneMobile: '' });
  });

  it('a private customer: no company, the only contact', () => {
    const ines: Contact = { ...jonas, id: 3, salutation: 'Frau', firstName: 'Ines', lastName: 'Quellmalz', email: null, phones: [phone('+49 211 1234567', '+492111234567')] };
    const priv = card('K-1002', { company: null, phones: [], contacts: [ines] });
    const [entry] = lookupAnswer(result('known', [{ level: 'exact', phone: ines.phones[0]!, contact: ines, card: priv, choices: [] }])).contacts;
    expect(entry).toMatchObject({ EntityId: 'K-1002:3', FirstName: 'Ines', LastName: 'Quellmalz', CompanyName: '', PhoneBusiness: '+49 211 1234567', PhoneMobile: '' });
  });

  it('several candidates stay several, best first, one entry per person', () => {
    const a = card('K-1001');
    const b = card('K-3000', { company: 'Welter Immobilien', contacts: [mara] });
    const answer = lookupAnswer(
      result('ambiguous', [
        { level: 'exact', phone: mara.phones[0]!, contact: mara, card: a, choices: [] },
        { level: 'exact', phone: mara.phones[0]!, contact: mara, card: b, choices: [] },
        // The same number stored on the person and repeated on the company: one entry.
        { level: 'exact', phone: mara.phones[0]!, contact: mara, card: a, choices: [] },
      ]),
    );
    expect(answer.contacts.map((c) => [c.EntityId, c.CompanyName])).toEqual([
      ['K-1001:8', 'Welter Dachbau GmbH'],
      ['K-3000:8', 'Welter Immobilien'],
    ]);
  });

  it('several contacts sharing the number: one entry each, never silently the first', () => {
    const welter = card('K-1001');
    const answer = lookupAnswer(result('known', [{ level: 'exact', phone: jonas.phones[0]!, contact: null, card: welter, choices: [jonas, mara] }]));
    expect(answer.contacts.map((c) => c.EntityId)).toEqual(['K-1001:7', 'K-1001:8']);
  });

  it.each(['withheld', 'unknown', 'internal', 'invalid'] as const)('%s callers get an empty list', (status) => {
    expect(lookupAnswer(result(status))).toEqual({ contacts: [] });
  });

  it('fills ContactUrl when the caller provides a page for the customer', () => {
    const welter = card('K-1001');
    const answer = lookupAnswer(result('known', [{ level: 'exact', phone: jonas.phones[0]!, contact: jonas, card: welter, choices: [] }]), {
      contactUrl: (no, id) => `https://ringside.example.com/customers/${no}?contact=${id}`,
    });
    expect(answer.contacts[0]!.ContactUrl).toBe('https://ringside.example.com/customers/K-1001?contact=7');
  });
});

describe('entity ids', () => {
  it('round-trip customer number and contact id', () => {
    expect(parseEntityId(entityId('K-1001', 7))).toEqual({ customerNo: 'K-1001', contactId: 7 });
    expect(parseEntityId(entityId('10023', null))).toEqual({ customerNo: '10023', contactId: null });
  });

  it.each(['', '   ', 'K 1001', 'K-1001:', 'K-1001:x', '[EntityId]', 'a/b', null, undefined])('%j is no entity', (value) => {
    expect(parseEntityId(value)).toBeNull();
  });
});

describe('isMobile', () => {
  it.each([
    [phone('0170 1234567', '+491701234567'), true],
    [phone('0151 000', '+49151000'), true],
    [phone('+44 7700 900123', '+447700900123', 'Handy'), true],
    [phone('+44 7700 900123', '+447700900123', 'Cell'), true],
    [phone('030 2312574', '+49302312574'), false],
    [phone('intern', null), false],
  ])('%j -> %s', (p, mobile) => {
    expect(isMobile(p)).toBe(mobile);
  });
});
