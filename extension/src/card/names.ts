import { contactDisplayName, type Contact, type CustomerCard, type CustomerSummary } from '@ringside/shared';

export interface Headline {
  /** What to say when picking up: "Frau Quellmalz"; the company when no person matched. */
  greeting: string;
  /** The full name when it says more than the greeting ("Anke Quellmalz"), with the role. */
  person: string | null;
  /** The company, when the greeting is a person. */
  company: string | null;
  /** "Frau Anke Quellmalz", or the company: for titles, lists and the note's label. */
  title: string;
}

/** "Frau Quellmalz": salutation and last name; without a salutation, first and last name. */
export function greetingOf(c: Pick<Contact, 'salutation' | 'firstName' | 'lastName'>): string {
  if (c.salutation && c.lastName) return `${c.salutation} ${c.lastName}`;
  return contactDisplayName(c);
}

/** A private customer is a card without company and with its one contact. */
export function headline(card: CustomerCard, contact: Contact | null): Headline {
  const person = contact ?? (card.company === null ? (card.contacts[0] ?? null) : null);
  const title = person ? contactDisplayName(person) : '';
  if (person && title) {
    const greeting = greetingOf(person);
    const fullName = [person.firstName, person.lastName].filter(Boolean).join(' ');
    const detail = [fullName !== greeting && !greeting.endsWith(fullName) ? fullName : null, person.role].filter((p): p is string => !!p).join(' · ');
    return { greeting, person: detail || null, company: card.company, title };
  }
  const company = card.company ?? card.customerNo;
  return { greeting: company, person: null, company: null, title: company };
}

export function summaryLine(s: CustomerSummary): string {
  return s.company && s.displayName !== s.company ? `${s.displayName} (${s.company})` : s.displayName;
}
