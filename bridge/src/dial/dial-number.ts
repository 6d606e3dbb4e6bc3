import type { CountryCode } from 'libphonenumber-js/max';
import { formatNumber, normalizeIncoming, normalizeStored, type NumberingConfig } from '../phone/normalize.js';
import { parse } from '../phone/numbering.js';

export type DialNumberProblem =
  | { code: 'number_invalid'; message: string }
  | { code: 'number_internal'; message: string }
  | { code: 'number_blocked'; message: string };

export interface DialableNumber {
  e164: string;
  /** As the card shows it: `030 2312574`. */
  display: string;
}

/**
 * The number an agent asked to call, read like a number on a customer record (normalizeStored:
 * what a human typed or a web page shows, so no trunk prefix is stripped: `030 …` copied from a
 * web page is Berlin, not a trunk `0` plus `30 …`). Internal extensions and blocked numbers are
 * refused: the first belong on the desk phone, the second were blocked for a reason.
 */
export function dialableNumber(raw: string, numbering: NumberingConfig, isBlocked: (e164: string) => boolean): DialableNumber | DialNumberProblem {
  const kind = normalizeIncoming(raw, { ...numbering, trunkPrefix: null }).kind;
  if (kind === 'internal') return { code: 'number_internal', message: `${raw.trim()} is an internal extension: call it from your phone` };
  const { e164 } = normalizeStored(raw, numbering);
  if (!e164) return { code: 'number_invalid', message: `"${raw.trim()}" is not a phone number` };
  if (isBlocked(e164)) return { code: 'number_blocked', message: 'this number is on the block list' };
  return { e164, display: formatNumber(e164, numbering) };
}

/**
 * The number as the phone system wants it. Cloud APIs (sipgate, Placetel) take E.164. A PBX
 * (Fritz!Box, Asterisk, a generic HTTP API) dials like a desk phone: national numbers with the
 * national prefix (`0302312574`), foreign ones with the international prefix (`0043…`), both
 * behind the outside-line prefix where one is configured (`0` → `00302312574`).
 */
export function numberForDialer(e164: string, style: 'e164' | 'dialed', numbering: NumberingConfig): string {
  if (style === 'e164') return e164;
  const n = parse(e164);
  const digits = n ? n.format('IDD', { fromCountry: numbering.country as CountryCode }).replace(/[^\d*#]/g, '') : '';
  const dialed = digits || e164.replace(/^\+/, '00');
  return `${numbering.trunkPrefix ?? ''}${dialed}`;
}
