/**
 * The few run-time values of the admin API contract the page needs. The package index builds
 * zod schemas when imported, which would put ~150 KB of validator into a page that validates
 * nothing itself; so the page takes constants from the zod-free `admin-constants` module and
 * only types from the index.
 */
import type { Contact } from '@ringside/shared';

export { CSRF_HEADER, IMPORT_FIELDS } from '@ringside/shared/admin-constants';

/** "Herr Jonas Welter", as shared's contactDisplayName (which lives beside the zod schemas). */
export function contactDisplayName(c: Pick<Contact, 'salutation' | 'firstName' | 'lastName'>): string {
  return [c.salutation, c.firstName, c.lastName].filter((p) => p && p.length > 0).join(' ');
}
