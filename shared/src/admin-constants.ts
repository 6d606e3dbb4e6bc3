/**
 * The admin API's run-time constants, in a module without zod: the console page imports this
 * (`@ringside/shared/admin-constants`) instead of the package index, whose schemas would add
 * ~150 KB of validator to a page that validates nothing itself.
 */
export const ADMIN_SESSION_COOKIE = 'ringside_admin';
export const CSRF_HEADER = 'x-ringside-csrf';

/** Import targets the mapping step offers; "ignore" drops the column. */
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
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

/** Phone systems Ringside can dial through (click-to-dial), in the order it tries them. */
export const DIAL_SOURCES = ['fritzbox', 'sipgate', 'placetel', 'asterisk', 'generic'] as const;
export type DialSource = (typeof DIAL_SOURCES)[number];
