import type { Contact, CustomerCard, Phone } from './customer.js';

/**
 * How an incoming number was understood.
 * - `number`: a public number, normalized to E.164.
 * - `withheld`: the caller suppressed it (`anonymous`, empty, `unknown`).
 * - `internal`: a short extension inside the phone system.
 * - `invalid`: something that is not a phone number at all.
 */
export type NumberKind = 'number' | 'withheld' | 'internal' | 'invalid';

export interface NumberInfo {
  /** What the phone system sent, untouched. */
  raw: string;
  kind: NumberKind;
  /** `+493023125741`, or null when the number is not a public number. */
  e164: string | null;
  /** For humans: national format for the configured country (`030 2312574-21`), international otherwise, or the raw text. */
  display: string;
}

/**
 * - `exact`: the caller's number is stored on the customer or a contact.
 * - `switchboard`: the caller dialled from a direct-dial extension of a stored main number.
 */
export type MatchLevel = 'exact' | 'switchboard';

/** `known`: one customer; `ambiguous`: several; the rest say why there is none. */
export type LookupStatus = 'known' | 'ambiguous' | 'unknown' | 'withheld' | 'internal' | 'invalid';

export interface CardMatch {
  level: MatchLevel;
  /** The stored phone that matched (raw text kept for display). */
  phone: Phone;
  /**
   * The contact person whose number it is; null when it is the company's number, or when
   * several contacts share it (then they are in `choices`).
   */
  contact: Contact | null;
  /**
   * Contacts to pick from: the ones sharing the matched number when it is several, or on a
   * `switchboard` match the company's contacts with their direct dials. Empty when there is
   * nothing to choose.
   */
  choices: Contact[];
  card: CustomerCard;
}

export interface LookupResult {
  number: NumberInfo;
  status: LookupStatus;
  /** Best first: exact before switchboard, then by customer number. Never silently one of many. */
  matches: CardMatch[];
}
