import type { CustomerCard, LookupResult, NumberInfo, Phone } from '@ringside/shared';

/**
 * After the agent created a customer or attached the number on the card, show that customer
 * as an exact match of the same number, without waiting for the next call.
 */
export function lookupFromCard(number: NumberInfo, card: CustomerCard): LookupResult {
  const samePhone = (p: Phone) => number.e164 !== null && p.e164 === number.e164;
  const contact = card.contacts.find((c) => c.phones.some(samePhone)) ?? null;
  const phone = card.phones.find(samePhone) ?? contact?.phones.find(samePhone) ?? { number: number.display, e164: number.e164, label: null, main: false };
  return { number, status: 'known', matches: [{ level: 'exact', phone, contact, card, choices: [] }] };
}
