import { Metadata, type PhoneNumber } from 'libphonenumber-js/max/es6';

/**
 * Two questions the normalizer asks libphonenumber for every number, answered from the same
 * metadata with regular expressions compiled once per numbering plan. libphonenumber builds a
 * `new RegExp` from the metadata's pattern text on every check, which made validity about a fifth
 * of a bulk sync's CPU. The answers are libphonenumber's own, rule for rule (the library source
 * is cited at each step); compiled-metadata.test.ts compares them with the library's on a large
 * corpus of every country, so a library update that changes a rule fails there.
 */

/** The runtime metadata API this module reads; the published typings leave these out. */
interface PlanApi {
  nationalNumberPattern(): string;
  nationalPrefixForParsing(): string | undefined;
  hasTypes(): boolean;
  type(type: string): { pattern(): string; possibleLengths(): number[] | undefined } | undefined;
}
interface MetadataApi {
  selectNumberingPlan(countryOrCallingCode: string): void;
  hasCallingCode(callingCode: string): boolean | undefined;
  numberingPlan?: PlanApi;
}

function planFor(countryOrCallingCode: string): { metadata: MetadataApi; plan: PlanApi } {
  const metadata = new Metadata() as unknown as MetadataApi;
  metadata.selectNumberingPlan(countryOrCallingCode);
  if (!metadata.numberingPlan) throw new Error(`no numbering plan for ${countryOrCallingCode}`);
  return { metadata, plan: metadata.numberingPlan };
}

/** helpers/matchesEntirely.js: the whole text matches the pattern. */
const entire = (pattern: string) => new RegExp(`^(?:${pattern})$`);

/** helpers/getNumberType.js: FIXED_LINE, then NON_FIXED_LINE_PHONE_TYPES in its order. */
const NUMBER_TYPES = ['FIXED_LINE', 'MOBILE', 'PREMIUM_RATE', 'TOLL_FREE', 'SHARED_COST', 'VOIP', 'PERSONAL_NUMBER', 'PAGER', 'UAN', 'VOICEMAIL'];

interface ValidityRules {
  nationalNumber: RegExp;
  /** null where the plan has no type patterns (then the national pattern alone decides). */
  types: { lengths: readonly number[] | undefined; pattern: RegExp }[] | null;
}

const validityRules = new Map<string, ValidityRules>();

function validityRulesOf(key: string): ValidityRules {
  const known = validityRules.get(key);
  if (known) return known;
  const { plan } = planFor(key);
  let types: ValidityRules['types'] = null;
  if (plan.hasTypes()) {
    types = [];
    for (const name of NUMBER_TYPES) {
      // isNumberTypeEqualTo(): a type without a pattern (removed as a duplicate) never matches.
      const type = plan.type(name);
      const pattern = type?.pattern();
      if (type && pattern) types.push({ lengths: type.possibleLengths(), pattern: entire(pattern) });
    }
  }
  const rules = { nationalNumber: entire(plan.nationalNumberPattern()), types };
  validityRules.set(key, rules);
  return rules;
}

/**
 * `n.isValid()` (isValid.js): the national number fits the plan of the number's country (or
 * calling code) and, where the plan has type patterns, one of the types (getNumberType() is
 * then defined), a type's possible lengths checked before its pattern.
 */
export function isValidNumber(n: PhoneNumber): boolean {
  const rules = validityRulesOf(n.country || n.countryCallingCode);
  const digits = n.nationalNumber || '';
  if (!rules.nationalNumber.test(digits)) return false;
  if (!rules.types) return true;
  for (const type of rules.types) {
    if (type.lengths && !type.lengths.includes(digits.length)) continue;
    if (type.pattern.test(digits)) return true;
  }
  return false;
}

interface ReparseRules {
  /** No shorter prefix of the calling code is a calling code, so `+<code>...` extracts this one. */
  codeIsWhole: boolean;
  /** The plan's national prefix for parsing at the start of a national number; null: none. */
  nationalPrefix: RegExp | null;
}

const reparseRules = new Map<string, ReparseRules>();

function reparseRulesOf(callingCode: string): ReparseRules {
  const known = reparseRules.get(callingCode);
  if (known) return known;
  const { metadata, plan } = planFor(callingCode);
  let codeIsWhole = true;
  for (let i = 1; i < callingCode.length; i++) if (metadata.hasCallingCode(callingCode.slice(0, i))) codeIsWhole = false;
  const prefix = plan.nationalPrefixForParsing();
  const rules = { codeIsWhole, nationalPrefix: prefix ? new RegExp(`^(?:${prefix})`) : null };
  reparseRules.set(callingCode, rules);
  return rules;
}

/** A parse's national number: ASCII digits, within MIN_LENGTH_FOR_NSN and MAX_LENGTH_FOR_NSN. */
const NATIONAL_DIGITS = /^[0-9]{2,17}$/;

/**
 * true when parsing `n.number` again certainly gives `n.number`; false when only parsing can
 * tell (then the caller parses). For `+<code><national>` parse.js extracts the calling code
 * (helpers/extractCountryCallingCode.js: the shortest prefix that is a calling code), selects
 * the code's plan and strips a national prefix from the national number
 * (helpers/extractNationalNumber.js), which it only tries when the plan's national prefix for
 * parsing matches at its start (extractNationalNumberFromPossiblyIncompleteNumber.js). When
 * neither can change anything, the number comes back as it went in.
 */
export function surelyReadsBack(n: PhoneNumber): boolean {
  const national = n.nationalNumber;
  if (n.number !== `+${n.countryCallingCode}${national}` || !NATIONAL_DIGITS.test(national)) return false;
  const rules = reparseRulesOf(n.countryCallingCode);
  return rules.codeIsWhole && !rules.nationalPrefix?.test(national);
}
