/**
 * The few runtime values of the admin API contract the page needs. `@ringside/shared` builds its
 * zod schemas when imported, which would put ~150 KB of validator into a page that validates
 * nothing itself; so the page imports only types from it, and these copies are checked against
 * the originals by the compiler (the field list) and by contract.test.ts (the values).
 */
import type { Contact, ImportField } from '@ringside/shared';

export const CSRF_HEADER = 'x-ringside-csrf';

export const IMPORT_FIELDS = [
  'customerNo',
  'company',
  'salutation',
  'firstName',
  'lastName',
  'name',
  'role',
  'phone',
  'mobile',
  'phoneHome',
  'switchboard',
  'otherPhones',
  'email',
  'birthday',
  'customerSince',
  'notes',
  'contactNotes',
] as const satisfies readonly ImportField[];

// Fails to compile when the contract gains an import field this list lacks.
type MissingField = Exclude<ImportField, (typeof IMPORT_FIELDS)[number]>;
const noneMissing: [MissingField] extends [never] ? true : MissingField = true;
void noneMissing;

/** "Herr Jonas Welter", as shared's contactDisplayName. */
export function contactDisplayName(c: Pick<Contact, 'salutation' | 'firstName' | 'lastName'>): string {
  return [c.salutation, c.firstName, c.lastName].filter((p) => p && p.length > 0).join(' ');
}
