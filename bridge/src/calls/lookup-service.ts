import type { CardMatch, LookupResult, LookupStatus } from '@ringside/shared';
import { contactDisplayName } from '@ringside/shared';
import { rankMatches, switchboardPrefixes } from '../phone/match.js';
import { formatNumber, normalizeIncoming, type NumberingConfig } from '../phone/normalize.js';
import type { Store } from '../store/store.js';

/** A card shows this many conversations; more belong in the ERP. */
export const CARD_CONVERSATIONS = 5;
/** Beyond this many candidates a list stops helping the person at the phone. */
const MAX_CANDIDATES = 10;
/** Contacts offered to choose from on one card. */
const MAX_CHOICES = 20;

export type Lookup = (raw: string | null | undefined) => Promise<LookupResult>;

export function createLookup(store: Store, numbering: NumberingConfig): Lookup {
  return async (raw) => {
    const number = normalizeIncoming(raw, numbering);
    if (number.kind !== 'number' || !number.e164) {
      return { number, status: number.kind as LookupStatus, matches: [] };
    }
    const rows = await store.customers.findPhones(number.e164, switchboardPrefixes(number.e164));
    const ranked = rankMatches(number.e164, rows.exact, rows.main).slice(0, MAX_CANDIDATES);
    const cards = await store.customers.cards(
      [...new Set(ranked.map((m) => m.row.customerNo))],
      { conversations: CARD_CONVERSATIONS },
    );
    const matches: CardMatch[] = [];
    for (const m of ranked) {
      const card = cards.get(m.row.customerNo);
      if (!card) continue;
      const same = matches.find((x) => x.card.customerNo === card.customerNo);
      const contact = m.row.contactId === null ? null : (card.contacts.find((c) => c.id === m.row.contactId) ?? null);
      if (same) {
        // Several contacts of one customer share the number: offer them, never greet the first.
        if (contact && same.level === 'exact') same.choices.push(contact);
        continue;
      }
      const phone =
        [...card.phones, ...card.contacts.flatMap((c) => c.phones)].find((p) => p.e164 === m.row.e164) ?? card.phones[0];
      if (!phone) continue;
      matches.push({ level: m.level, phone, contact, card, choices: contact ? [contact] : [] });
    }
    for (const match of matches) {
      if (match.level === 'switchboard') {
        // Through the switchboard anyone of the company may be calling: list them with their direct dials.
        match.choices = match.card.contacts.slice(0, MAX_CHOICES);
      } else if (match.choices.length > 1) {
        match.contact = null;
        match.choices = match.choices.slice(0, MAX_CHOICES);
      } else {
        match.choices = [];
      }
    }
    const customers = new Set(matches.map((m) => m.card.customerNo)).size;
    const status: LookupStatus = customers === 0 ? 'unknown' : customers === 1 ? 'known' : 'ambiguous';
    // Via the switchboard, show the extension the German way: 030 2312574-21.
    const via = matches[0]?.level === 'switchboard' ? matches[0].phone.e164 : null;
    const display = via ? formatNumber(number.e164, numbering, via) : number.display;
    return { number: { ...number, display }, status, matches };
  };
}

/** How a list names the caller: "Herr Jonas Welter (Welter Dach GmbH)", "+1 more" when ambiguous. */
export function callerName(result: LookupResult): string | null {
  const best = result.matches[0];
  if (!best) return null;
  const company = best.card.company;
  // A private customer's only contact is the caller even when the matched number is not theirs.
  const contact = best.contact ?? (company || best.choices.length > 0 ? null : best.card.contacts[0]);
  // Several people share the number of a private customer: name them all, not the first.
  const person = contact
    ? contactDisplayName(contact)
    : company
      ? ''
      : best.choices.map(contactDisplayName).filter(Boolean).join(' / ');
  let name = person && company ? `${person} (${company})` : person || company || best.card.customerNo;
  const others = new Set(result.matches.map((m) => m.card.customerNo)).size - 1;
  if (others > 0) name += ` +${others}`;
  return name;
}
