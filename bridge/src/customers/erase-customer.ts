import type { Store } from '../store/store.js';

/**
 * Erase a customer (Art. 17 GDPR): the store removes the customer with its contacts, numbers,
 * documents, notes and calls; the dials the bridge started to their numbers (click-to-dial
 * journal) go too. False when there was no such customer.
 */
export async function eraseCustomer(store: Store, customerNo: string): Promise<boolean> {
  const card = await store.customers.card(customerNo, { conversations: 0 });
  if (!card) return false;
  const numbers = [...card.phones, ...card.contacts.flatMap((c) => c.phones)].map((p) => p.e164).filter((e): e is string => Boolean(e));
  const deleted = await store.customers.delete(customerNo);
  if (deleted) await store.dials.forgetNumbers([...new Set(numbers)]);
  return deleted;
}
