import { contactDisplayName } from '@ringside/shared';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { Store } from '../store/store.js';
import { customerNumbers } from './customer-numbers.js';

/** What else keeps a customer's numbers and names in memory (the console's last event and error). */
export interface ErasureListener {
  forget(traces: ErasureTraces): void;
}

/** How the erased customer could show up in text: number digits (without country code) and names. */
export interface ErasureTraces {
  /** Digits of each number as dialled nationally, without the trunk 0 (`302312574`): every notation of the number contains them. */
  digits: string[];
  /** Company and contact names, lower-cased. */
  names: string[];
}

/**
 * Erase a customer (Art. 17 GDPR): the store removes the customer with its contacts, numbers,
 * documents, notes and calls, and leaves nothing readable in the database files (SQLite:
 * secure_delete, the search index's secure-delete, a WAL checkpoint at the end of the delete;
 * PostgreSQL: the rows' bytes stay in the data files until `npm run scrub-postgres` rewrites
 * the tables, see store/postgres/scrub.ts);
 * the dials the bridge started to their numbers (click-to-dial journal) go first, so that
 * checkpoint covers them too; the listeners drop what they hold in memory about the customer.
 * False when there was no such customer.
 */
export async function eraseCustomer(store: Store, customerNo: string, listeners: readonly ErasureListener[] = []): Promise<boolean> {
  const card = await store.customers.card(customerNo, { conversations: 0 });
  if (!card) return false;
  const phones = [...card.phones, ...card.contacts.flatMap((c) => c.phones)];
  await store.dials.forgetNumbers(customerNumbers(card));
  const deleted = await store.customers.delete(customerNo);
  const digits = phones
    .map((p) => (p.e164 && parsePhoneNumberFromString(p.e164)?.nationalNumber) || p.number.replace(/\D/g, '').replace(/^0+/, ''))
    .filter((d) => d.length >= 5);
  const names = [card.company, ...card.contacts.map((k) => contactDisplayName(k))].filter((n): n is string => Boolean(n?.trim())).map((n) => n.toLowerCase());
  for (const l of listeners) l.forget({ digits, names });
  return deleted;
}

/** Whether a text mentions the erased customer, in any notation of their numbers or by name. */
export function mentions(text: string, traces: ErasureTraces): boolean {
  const digits = text.replace(/\D/g, '');
  const lower = text.toLowerCase();
  return traces.digits.some((d) => digits.includes(d)) || traces.names.some((n) => lower.includes(n));
}
