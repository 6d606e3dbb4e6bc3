import type { NumberInfo, NumberKind } from '@ringside/shared';
import type { CountryCode } from 'libphonenumber-js/max';
import { clean } from './clean.js';
import { accept, formatE164, parse, planOf, read, type Reading } from './numbering.js';

export interface NumberingConfig {
  country: CountryCode;
  trunkPrefix: string | null;
}

/** Extensions inside a PBX are short; six digits and more are treated as outside numbers. */
const MAX_INTERNAL_DIGITS = 5;
/** Below this a bare digit string is too short to be an international number without `+`. */
const MIN_BARE_INTERNATIONAL_DIGITS = 8;

type Outcome = { kind: 'number'; e164: string } | { kind: Exclude<NumberKind, 'number'> };

const INVALID: Outcome = { kind: 'invalid' };

function asText(raw: unknown): string {
  if (typeof raw === 'string') return raw;
  if (raw === null || raw === undefined) return '';
  // Adapters parse JSON; a number that arrives as a JSON number must not crash the lookup.
  return typeof raw === 'number' || typeof raw === 'bigint' ? String(raw) : '';
}

function asNumber(e164: string | null): Outcome {
  return e164 ? { kind: 'number', e164 } : INVALID;
}

/** Bare digits read as an international number whose `+` was left off. */
function international(digits: string, strict = false): Reading | null {
  return digits.length >= MIN_BARE_INTERNATIONAL_DIGITS ? read(parse(`+${digits}`), strict) : null;
}

/**
 * Bare digits (no `+`), after any trunk prefix is gone. The ambiguity is between a national
 * number and an international one whose `+` the phone system left off (`492111234567`).
 */
function fromDigits(digits: string, country: CountryCode): Reading | null {
  const plan = planOf(country);
  if (!plan) return international(digits);

  const idd = plan.idd?.exec(digits);
  if (idd) return read(parse(`+${digits.slice(idd[0].length)}`));

  if (plan.prefixMandatory) {
    // Where national numbers are always dialled with the prefix, digits without it cannot be a
    // national number with area code. Guessing a local number without area code would match the
    // wrong town (`2312574` is not Dortmund 0231 2574), so those stay invalid.
    if (plan.nationalPrefix !== null && digits.startsWith(plan.nationalPrefix)) {
      return read(parse(digits, country));
    }
    return international(digits);
  }

  // Countries without a mandatory prefix dial national numbers as bare digits (US `2125551234`,
  // Italy `3123456789`), so national wins unless the digits carry the own country code.
  if (digits.startsWith(plan.callingCode)) {
    const own = international(digits, true);
    if (own) return own;
  }
  return read(parse(digits, country), true) ?? international(digits) ?? read(parse(digits, country));
}

/**
 * Digits that start with the configured trunk (outside-line) prefix have two readings: the
 * prefix really is one (`0` + `030 2312574`, `0` + `0043 1 234567`), or the phone system sent
 * the number without it and the leading digit belongs to the number (`0049 30 2312574`,
 * `030 2312574`). The first is what the setting promises, so it wins, unless it is only a
 * direct-dial guess while the other reading is a number the numbering plan knows:
 * `0` + `049302312574` would be area code 04930, which does not exist, whereas
 * `0049 30 2312574` is Berlin. Where both are real numbers (`0` + `04921 1234567` in Emden vs.
 * `0049 211 234567` in Düsseldorf), the prefix the PBX is configured with decides.
 */
function withTrunk(digits: string, trunkPrefix: string, country: CountryCode): Reading | null {
  const stripped = fromDigits(digits.slice(trunkPrefix.length), country);
  if (stripped?.confirmed) return stripped;
  const asWritten = fromDigits(digits, country);
  if (asWritten?.confirmed) return asWritten;
  return stripped ?? asWritten;
}

function interpret(text: string, cfg: NumberingConfig, trunkPrefix: string | null): Outcome {
  const c = clean(text);
  if (c.kind !== 'dialable') return c;
  const { plus, star, digits } = c;

  if (star) {
    // Feature and internal codes (`**610`, `*21#`); never a public number.
    return !plus && digits.replace(/[*#]/g, '').length <= MAX_INTERNAL_DIGITS ? { kind: 'internal' } : INVALID;
  }
  if (!plus && digits.length <= MAX_INTERNAL_DIGITS) return { kind: 'internal' };
  if (plus) return asNumber(accept(parse(`+${digits}`)));
  const reading = trunkPrefix && digits.startsWith(trunkPrefix) ? withTrunk(digits, trunkPrefix, cfg.country) : fromDigits(digits, cfg.country);
  return asNumber(reading?.e164 ?? null);
}

/** A misconfigured prefix (`''`, `'+'`, `'0x'`) must not strip anything surprising. */
function trunkOf(cfg: NumberingConfig): string | null {
  const t = typeof cfg.trunkPrefix === 'string' ? cfg.trunkPrefix.trim() : '';
  return /^\d{1,4}$/.test(t) ? t : null;
}

/**
 * A number as a phone system sends it for an incoming/outgoing call. Strips the configured trunk
 * (outside-line) prefix first. Never throws.
 */
export function normalizeIncoming(raw: string | null | undefined, cfg: NumberingConfig): NumberInfo {
  const text = asText(raw);
  let outcome: Outcome;
  try {
    outcome = interpret(text, cfg, trunkOf(cfg));
  } catch {
    // Nothing here should throw; a surprise inside libphonenumber must not drop a call.
    outcome = INVALID;
  }
  if (outcome.kind === 'number') {
    return { raw: text, kind: 'number', e164: outcome.e164, display: formatNumber(outcome.e164, cfg) };
  }
  return { raw: text, kind: outcome.kind, e164: null, display: text.trim() };
}

/**
 * A number as stored on a customer/contact (typed by humans or exported by an ERP). Never strips
 * the trunk prefix. Returns e164 null when it cannot be understood (the raw text is still kept by
 * the caller for display).
 */
export function normalizeStored(raw: string, cfg: NumberingConfig): { e164: string | null } {
  try {
    const outcome = interpret(asText(raw), cfg, null);
    return { e164: outcome.kind === 'number' ? outcome.e164 : null };
  } catch {
    return { e164: null };
  }
}

/**
 * Human display: national format for numbers of cfg.country (e.g. "030 2312574"), international
 * otherwise ("+43 1 234567"); the text as given for non-numbers.
 *
 * `mainE164`, when the caller knows the switchboard a direct-dial number hangs off, splits the
 * extension off visibly: `030 2312574-21` instead of libphonenumber's `030 231257421`.
 */
export function formatNumber(e164: string, cfg: NumberingConfig, mainE164?: string | null): string {
  try {
    const text = asText(e164);
    const n = parse(text);
    if (!n || n.number !== text) return text;
    const plan = planOf(cfg.country);
    if (plan?.callingCode === n.countryCallingCode) {
      const national = formatE164(text, true, mainE164);
      // libphonenumber leaves the national prefix off where it has no format rule (`374050` for
      // +49374050); a display that would not read back to the same number is not shown. The
      // digits tell without parsing the number a third time (the lookup's hottest cost).
      const digits = national.replace(/\D/g, '');
      const withPrefix = `${plan.nationalPrefix ?? ''}${n.nationalNumber}`;
      if (digits === withPrefix || (!plan.prefixMandatory && digits === n.nationalNumber)) return national;
    }
    return formatE164(text, false, mainE164);
  } catch {
    return asText(e164);
  }
}

/**
 * Digit strings under which a stored number should be findable by partial search ("2312" finds
 * "030 2312574-0"): the E.164 digits, the national digits, and the digits as typed.
 */
export function searchDigits(e164: string | null, raw: string): string[] {
  const out: string[] = [];
  const add = (s: string) => {
    const d = s.replace(/\D/g, '');
    if (d && !out.includes(d)) out.push(d);
  };
  try {
    if (e164) {
      add(e164);
      // The number's own national form, so "0302312574" finds it whatever country the bridge runs in.
      if (parse(e164)?.number === e164) add(formatE164(e164, true));
    }
    add(asText(raw).normalize('NFKC'));
  } catch {
    // Only the plain digits then; search is a convenience, never a reason to fail a write.
  }
  return out;
}
