import { describe, expect, it } from 'vitest';
import { contact, customer, DE, phone } from '../store/customer-phones.contract.js';
import { distinctPhones, normalizeCustomer } from './normalize-customer.js';

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

