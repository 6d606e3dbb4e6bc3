import { normalizeCustomer } from '../customers/normalize-customer.js';
import type { NormalizedCustomer } from './store.js';

const DE = { country: 'DE' as const, trunkPrefix: null };

/**
 * A customer for store and service tests, German numbering: a switchboard number and one
 * contact, Herr Jonas <lastName>, with one number of their own.
 */
export function customerWithContact(company: string, contact: { lastName: string; number: string }): NormalizedCustomer {
  return normalizeCustomer(
    {
      company,
      notes: null,
      customerSince: null,
      phones: [{ number: '030 2312574-0', label: 'Zentrale', main: true }],
      contacts: [
        {
          salutation: 'Herr',
          firstName: 'Jonas',
          lastName: contact.lastName,
          role: null,
          email: null,
          birthday: null,
          notes: null,
          phones: [{ number: contact.number, label: null, main: false }],
        },
      ],
    },
    DE,
  );
}
