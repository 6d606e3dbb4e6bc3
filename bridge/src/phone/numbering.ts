import {
  Metadata,
  getCountryCallingCode,
  isSupportedCountry,
  parsePhoneNumberFromString,
  type CountryCode,
  type PhoneNumber,
} from 'libphonenumber-js/max/es6';
import { isValidNumber, surelyReadsBack } from './compiled-metadata.js';

/**
 * E.164 caps numbers at 15 digits. libphonenumber's German metadata accepts longer fixed-line
 * numbers, but no network delivers them, so anything longer is typing noise.
 */
export const MAX_E164_DIGITS = 15;

/**
 * A direct-dial number the metadata rejects is still accepted when it is a valid fixed-line main
 * number followed by at most this many extension digits (PBX extensions rarely exceed four).
 */
const MAX_EXTENSION_DIGITS = 5;

/**
 * Where PBX extensions are appended to the main number (`030 2312574-21` is dialable). Germany's
 * metadata still rejects some of them (`04969 381-2`). Elsewhere a main number with digits after
 * it is not a number, and accepting it made `(312) 331-8612-388` read back as a Dutch number.
 */
const DIRECT_DIAL_CALLING_CODES = new Set(['49', '43']);

/** What the normalizer needs to know about the configured country's dialling habits. */
export interface Plan {
  callingCode: string;
  /** `0` in Germany, `8` in Russia, `06` in Hungary, `1` in NANP; null where there is none (Italy). */
  nationalPrefix: string | null;
  /** Matches the international access code at the start (`00`, `011`). */
  idd: RegExp | null;
  /**
   * Whether national numbers are always dialled with the national prefix. Then a digit string
   * without it cannot be a national number with area code, and a long one is international
   * without `+`. NANP's `1` is optional, so the US does not count.
   */
  prefixMandatory: boolean;
}

const plans = new Map<string, Plan | null>();

/** null for a country libphonenumber does not know (a misconfiguration; callers fall back to `+` numbers only). */
export function planOf(country: string): Plan | null {
  const cached = plans.get(country);
  if (cached !== undefined) return cached;
  let plan: Plan | null = null;
  if (isSupportedCountry(country)) {
    const callingCode = getCountryCallingCode(country);
    const metadata = new Metadata();
    metadata.selectNumberingPlan(country);
    const numbering = metadata.numberingPlan;
    // nationalPrefix() exists at runtime but is missing from the published typings.
    const np = (numbering as unknown as { nationalPrefix?: () => unknown } | undefined)?.nationalPrefix?.();
    const nationalPrefix = typeof np === 'string' && /^\d+$/.test(np) ? np : null;
    let idd: RegExp | null = null;
    try {
      const pattern = numbering?.IDDPrefix();
      if (pattern) idd = new RegExp(`^(?:${pattern})`);
    } catch {
      idd = null;
    }
    plan = { callingCode, nationalPrefix, idd, prefixMandatory: nationalPrefix !== null && callingCode !== '1' };
  }
  plans.set(country, plan);
  return plan;
}

/**
 * libphonenumber's modern build (`/es6`, documented in its README): the same code and metadata,
 * but object spreads compiled to Object.assign instead of a helper that walks property
 * descriptors, which cost about a third of every parse.
 */
export function parse(text: string, country?: CountryCode): PhoneNumber | undefined {
  try {
    return parsePhoneNumberFromString(text, country);
  } catch {
    return undefined;
  }
}

function isFixedLine(n: PhoneNumber): boolean {
  const type = n.getType();
  return type === 'FIXED_LINE' || type === 'FIXED_LINE_OR_MOBILE';
}

/**
 * Splits a number the metadata calls invalid into a valid fixed-line main number and the
 * direct-dial digits after it, trying the longest main number first. null when it is not one.
 */
export function splitDirectDial(e164: string): { main: PhoneNumber; extension: string } | null {
  const whole = parse(e164);
  if (!whole || !DIRECT_DIAL_CALLING_CODES.has(whole.countryCallingCode)) return null;
  for (let k = 1; k <= MAX_EXTENSION_DIGITS; k++) {
    const head = e164.slice(0, -k);
    if (head.length < 2) break;
    const main = parse(head);
    if (main && main.countryCallingCode === whole.countryCallingCode && isValidNumber(main) && isFixedLine(main)) {
      return { main, extension: e164.slice(-k) };
    }
  }
  return null;
}

/**
 * The E.164 form of a parse when it is a real number: valid per the metadata, or (unless
 * `strict`) a valid main number with direct-dial digits appended.
 */
export function accept(n: PhoneNumber | undefined, strict = false): string | null {
  return read(n, strict)?.e164 ?? null;
}

/**
 * A reading of some digits as a number. `confirmed`: the numbering plan knows this number;
 * otherwise it is a direct-dial guess (a valid main number with digits appended), which is
 * right for `04969 38-12` but is the weaker claim when another reading of the same digits is
 * confirmed.
 */
export interface Reading {
  e164: string;
  confirmed: boolean;
}

/** Like accept(), saying whether the metadata confirmed the number or it is a direct-dial guess. */
export function read(n: PhoneNumber | undefined, strict = false): Reading | null {
  if (!n || n.ext) return null;
  if (n.number.length - 1 > MAX_E164_DIGITS) return null;
  // libphonenumber strips one national prefix after the country code, so `+49 00 67349773` gives
  // `+49067349773`, which would read differently the next time. Only fixed points are E.164.
  if (!surelyReadsBack(n) && parse(n.number)?.number !== n.number) return null;
  if (isValidNumber(n)) return { e164: n.number, confirmed: true };
  if (strict) return null;
  return splitDirectDial(n.number) ? { e164: n.number, confirmed: false } : null;
}

/**
 * National (`030 2312574`) or international (`+49 30 2312574`) form. A direct-dial number is shown
 * as main number plus `-extension` when the main number is known (`mainE164`) or when that is the
 * only way the number makes sense to libphonenumber; otherwise libphonenumber's grouping.
 */
export function formatE164(e164: string, national: boolean, mainE164?: string | null): string {
  const n = parse(e164);
  if (!n || n.number !== e164) return e164;
  const fmt = (p: PhoneNumber) => (national ? p.formatNational() : p.formatInternational());
  // A lone `-0` would read as "the switchboard" and normalize back to the main number.
  const join = (main: PhoneNumber, extension: string) => `${fmt(main)}${extension === '0' ? '' : '-'}${extension}`;
  if (mainE164 && mainE164.length < e164.length && e164.startsWith(mainE164)) {
    const main = parse(mainE164);
    if (main && main.number === mainE164 && isValidNumber(main)) return join(main, e164.slice(mainE164.length));
  }
  if (isValidNumber(n)) return fmt(n);
  const split = splitDirectDial(e164);
  return split ? join(split.main, split.extension) : fmt(n);
}
