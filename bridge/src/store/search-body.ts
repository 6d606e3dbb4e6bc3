import { contactDisplayName } from '@ringside/shared';
import { spellOutParts } from './search-fold.js';

/**
 * The text the trigram index searches: every way a person might type a fragment of this
 * customer. Built from values, so the bulk writer can index a record it has in memory without
 * reading it back.
 */
export function searchBody(
  customerNo: string,
  company: string | null,
  contacts: { firstName: string | null; lastName: string | null; email: string | null }[],
  phones: { number: string; e164: string | null }[],
): string {
  const parts = [customerNo, company ?? ''];
  for (const k of contacts) parts.push(contactDisplayName({ salutation: null, firstName: k.firstName, lastName: k.lastName }), k.email ?? '');
  for (const p of phones) parts.push(p.number, p.number.replace(/\D/g, ''), p.e164 ?? '', p.e164 ? `0${p.e164.slice(3)}` : '');
  // Each part as written, then spelled out where it has ß or umlauts (search-fold.ts).
  return spellOutParts(parts);
}
