import { contactDisplayName } from '@ringside/shared';
import { foldForSearch, spellOutParts } from './search-fold.js';
import type { NormalizedCustomer } from './store.js';

/**
 * The text the trigram index searches: every way a person might type a fragment of this
 * customer, case and diacritics folded (search-fold.ts; queries are folded the same way). Built
 * from values, so the bulk writer can index a record it has in memory without reading it back.
 */
/** The search text of a customer as the bulk write path holds it. */
export function customerSearchBody(customerNo: string, c: NormalizedCustomer): string {
  return searchBody(customerNo, c.company, c.contacts, [...c.phones, ...c.contacts.flatMap((k) => k.phones)]);
}

export function searchBody(
  customerNo: string,
  company: string | null,
  contacts: { firstName: string | null; lastName: string | null; email: string | null }[],
  phones: { number: string; e164: string | null }[],
): string {
  const parts = [customerNo, company ?? ''];
  for (const k of contacts) parts.push(contactDisplayName({ salutation: null, firstName: k.firstName, lastName: k.lastName }), k.email ?? '');
  // A number in two forms that hold every way it is typed as digits: `+49302312574` (also finds
  // `49 30 …`) and `0302312574` (finds `030 2312…`); a query that looks like a number also searches
  // its bare digits (search-terms.ts). The number as written and its digits added a third of a
  // customer's trigrams and with them a third of the search index's cost on every bulk write.
  // A number without E.164 (an extension, an invalid one) is kept as written and as digits.
  for (const p of phones) {
    if (p.e164) parts.push(p.e164, `0${p.e164.slice(3)}`);
    else parts.push(p.number, p.number.replace(/\D/g, ''));
  }
  // Each part as written, then spelled out where it has ß or umlauts (search-fold.ts).
  return foldForSearch(spellOutParts(parts));
}
