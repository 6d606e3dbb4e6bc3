import type { CustomerCard } from '@ringside/shared';

/** Every number of a customer and its contacts, in E.164, once each (erasure and export find the dials by them). */
export function customerNumbers(card: Pick<CustomerCard, 'phones' | 'contacts'>): string[] {
  const numbers = [...card.phones, ...card.contacts.flatMap((c) => c.phones)].map((p) => p.e164).filter((e): e is string => Boolean(e));
  return [...new Set(numbers)];
}
