import { contactDisplayName, type Contact, type CustomerCard, type CustomerSummary } from '@ringside/shared';

export interface Headline {
  /** How to greet: "Frau Anke Quellmalz", or the company when the company's number rang. */
  title: string;
  subtitle: string | null;
}

/** A private customer is a card without company and with its one contact. */
export function headline(card: CustomerCard, contact: Contact | null): Headline {
  const person = contact ?? (card.company === null ? (card.contacts[0] ?? null) : null);
  const personName = person ? contactDisplayName(person) : '';
  if (personName) {
    const sub = [card.company, person?.role].filter((p): p is string => !!p).join(' · ');
    return { title: personName, subtitle: sub || null };
  }
  return { title: card.company ?? card.customerNo, subtitle: null };
}

export function summaryLine(s: CustomerSummary): string {
  return s.company && s.displayName !== s.company ? `${s.displayName} (${s.company})` : s.displayName;
}
