import type { CardMatch, Contact, LookupResult, Phone } from '@ringside/shared';

/**
 * The JSON the lookup scenario of our 3CX CRM template reads (see template.ts): 3CX walks the
 * `contacts` array with paths such as `contacts.FirstName` and shows one contact per entry, so
 * several candidates stay several (never silently the first), and an empty array means
 * "nobody", which is also what 3CX's rule `Any` needs to pop nothing.
 */
export interface ThreeCxContact {
  /** `customerNo`, or `customerNo:contactId` when a person was named; the journal reads it back. */
  EntityId: string;
  EntityType: 'Contacts' | 'Companies';
  FirstName: string;
  LastName: string;
  CompanyName: string;
  Email: string;
  PhoneBusiness: string;
  PhoneMobile: string;
  ContactUrl: string | null;
}

export interface ThreeCxLookupAnswer {
  contacts: ThreeCxContact[];
}

export interface LookupAnswerOptions {
  /**
   * Where 3CX's "open contact" button should lead. The bridge has no page a browser can open
   * without a token yet, so the route passes nothing and the field stays null.
   */
  contactUrl?: (customerNo: string, contactId: number | null) => string | null;
}

const ENTITY_SEPARATOR = ':';

export function entityId(customerNo: string, contactId: number | null): string {
  return contactId === null ? customerNo : `${customerNo}${ENTITY_SEPARATOR}${contactId}`;
}

/** Reads back what `entityId` wrote; null for anything 3CX invented or left empty. */
export function parseEntityId(value: string | null | undefined): { customerNo: string; contactId: number | null } | null {
  const match = /^([A-Za-z0-9._-]{1,64})(?::(\d{1,15}))?$/.exec(value?.trim() ?? '');
  if (!match) return null;
  return { customerNo: match[1]!, contactId: match[2] === undefined ? null : Number(match[2]) };
}

export function lookupAnswer(result: LookupResult, options: LookupAnswerOptions = {}): ThreeCxLookupAnswer {
  if (result.status !== 'known' && result.status !== 'ambiguous') return { contacts: [] };
  const contacts: ThreeCxContact[] = [];
  const seen = new Set<string>();
  for (const match of result.matches) {
    // Several contacts sharing the number: 3CX lists one entry per person to choose from.
    const people = match.level === 'exact' && match.choices.length > 0 ? match.choices : [match.contact];
    for (const person of people) {
      const entry = toContact(match, person, options);
      // A number stored on both a company and its contact yields two entries of one customer.
      if (seen.has(entry.EntityId)) continue;
      seen.add(entry.EntityId);
      contacts.push(entry);
    }
  }
  return { contacts };
}

function toContact(match: CardMatch, named: Contact | null, options: LookupAnswerOptions): ThreeCxContact {
  const { card } = match;
  // 3CX displays first and last name; a company number without a named person still gets the
  // first contact so the agent has someone to greet.
  const person: Contact | null = named ?? card.contacts[0] ?? null;
  const personId = person?.id ?? null;
  const phones = [match.phone, ...(person?.phones ?? []), ...card.phones];
  return {
    EntityId: entityId(card.customerNo, personId),
    EntityType: person ? 'Contacts' : 'Companies',
    FirstName: person?.firstName ?? '',
    // Without any person the name 3CX shows would be blank; the company is who is calling.
    LastName: person ? (person.lastName ?? '') : (card.company ?? card.customerNo),
    CompanyName: card.company ?? '',
    Email: person?.email ?? '',
    PhoneBusiness: phones.find((p) => !isMobile(p))?.number ?? '',
    PhoneMobile: phones.find(isMobile)?.number ?? '',
    ContactUrl: options.contactUrl?.(card.customerNo, personId) ?? null,
  };
}

/**
 * Labels say it where the ERP wrote one; otherwise the German mobile ranges (+49 15x/16x/17x),
 * the country almost all our users are in. A wrong guess only puts a number in the other box.
 */
export function isMobile(phone: Phone): boolean {
  if (phone.label && /mobil|handy|cell/i.test(phone.label)) return true;
  return phone.e164 !== null && /^\+491[567]/.test(phone.e164);
}
