import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clean } from './clean.js';
import { rankMatches, switchboardPrefixes, type PhoneRow } from './match.js';
import { parse } from './numbering.js';
import { formatNumber, normalizeIncoming, normalizeStored, searchDigits, type NumberingConfig } from './normalize.js';

/**
 * Phone systems, ERPs and humans write numbers any way they like. Whatever arrives, the
 * normalizer answers one of the documented kinds and never throws; its E.164 output is a fixed
 * point; every German way of writing one number gives the same E.164; and what it displays reads
 * back to the number it displays. 10,000 generated inputs per property.
 */
const RUNS = 10_000;
/** Generous: 10,000 runs on a busy 2-core machine, next to other test files. */
const TIMEOUT_MS = 120_000;

const KINDS = ['number', 'withheld', 'internal', 'invalid'];
const E164 = /^\+[1-9]\d{1,14}$/;

const DE: NumberingConfig = { country: 'DE', trunkPrefix: null };
const DE_TRUNK: NumberingConfig = { country: 'DE', trunkPrefix: '0' };
const AT: NumberingConfig = { country: 'AT', trunkPrefix: null };
const US: NumberingConfig = { country: 'US', trunkPrefix: null };
const IT: NumberingConfig = { country: 'IT', trunkPrefix: null };
/** Trunk (outside-line) prefixes as PBXs use them: `0` in Europe, `9` in North America. */
const AT_TRUNK: NumberingConfig = { country: 'AT', trunkPrefix: '0' };
const US_TRUNK: NumberingConfig = { country: 'US', trunkPrefix: '9' };
const IT_TRUNK: NumberingConfig = { country: 'IT', trunkPrefix: '0' };
const CH_TRUNK: NumberingConfig = { country: 'CH', trunkPrefix: '0' };
/** A misconfigured country and prefix: the normalizer falls back to `+` numbers, never throws. */
const BOGUS = { country: 'XX', trunkPrefix: ' 0x' } as unknown as NumberingConfig;
const CONFIGS: Record<string, NumberingConfig> = { DE, DE_TRUNK, AT, AT_TRUNK, US, US_TRUNK, IT, IT_TRUNK, CH_TRUNK, BOGUS };
const configName = fc.constantFrom(...Object.keys(CONFIGS));
const configOf = (name: string): NumberingConfig => CONFIGS[name] ?? DE;

// ---------------------------------------------------------------------------------------------
// Generators
// ---------------------------------------------------------------------------------------------

/** The pieces numbers are made of, plus the noise that travels with them. */
const PIECES = [
  ...'0123456789',
  '00', '0049', '+49', '+', '(0)', '(', ')', '-', '–', '−', '/', '.', ' ', '\t', '\u00a0', '\u202f', '\u200b', '\ufeff',
  '*', '#', ',', ';', 'tel:', 'sip:', 'sips:', 'callto:', '@', '<', '>', '"', '%', '%2B', '%E0%A4%A', '%', 'x', 'ext.',
  'anonymous', 'unbekannt', 'ä', '０', '１', '٣', '𝟘', '😀', '\ud800', '\udfff', '\u0000', '\u0007', '\n', '\r', '\u202e',
];
const pieceSoup = fc.array(fc.constantFrom(...PIECES), { maxLength: 30 }).map((p) => p.join(''));
const controlChars = fc
  .array(fc.integer({ min: 0, max: 0x9f }).filter((c) => c < 0x20 || c >= 0x7f), { maxLength: 20 })
  .map((cs) => String.fromCharCode(...cs));
/** Code units, so lone surrogates occur too. */
const anyUnits = fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 60 }).map((cs) => String.fromCharCode(...cs));
const anyString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  anyUnits,
  controlChars,
  pieceSoup,
  // Very long: beyond the 120-character cap, and digits that would otherwise be a number.
  fc.string({ unit: 'binary', minLength: 121, maxLength: 3_000 }),
  fc.tuple(fc.nat(5_000), fc.constantFrom('0', '9', '+49 30 2312574 ', '\u00a0')).map(([n, s]) => s.repeat(n + 1)),
  // Just under and over the cap with a real number at the end.
  fc.integer({ min: 100, max: 130 }).map((n) => `${' '.repeat(n)}030 2312574`),
);

/** German area codes (without the trunk 0) and mobile prefixes that exist. */
const AREA_CODES = ['30', '40', '89', '69', '221', '211', '231', '711', '351', '341', '511', '421', '621', '6221', '7071', '2151', '33203', '4969', '35205'];
const MOBILE_PREFIXES = ['151', '1511', '152', '157', '159', '160', '162', '163', '170', '171', '172', '173', '174', '175', '176', '177', '178', '179'];
const digitString = (min: number, max: number) =>
  fc.array(fc.integer({ min: 0, max: 9 }), { minLength: min, maxLength: max }).map((d) => d.join(''));
/** Subscriber numbers never start with 0 (that would be a prefix). */
const subscriber = (min: number, max: number) => fc.tuple(fc.integer({ min: 1, max: 9 }), digitString(min - 1, max - 1)).map(([a, b]) => `${a}${b}`);

interface GermanNumber {
  area: string;
  sub: string;
  /** Direct-dial extension appended to a fixed-line main number (`030 2312574-21`), or ''. */
  ext: string;
}
const fixedLine = fc.record({
  area: fc.constantFrom(...AREA_CODES),
  sub: subscriber(3, 8),
  // `-0` alone means "the switchboard" and is dropped by design; it is tested separately.
  ext: fc.oneof({ weight: 3, arbitrary: fc.constant('') }, { weight: 2, arbitrary: digitString(1, 5).filter((e) => e !== '0') }),
});
const mobile = fc.record({ area: fc.constantFrom(...MOBILE_PREFIXES), sub: subscriber(7, 8), ext: fc.constant('') });
const germanNumber: fc.Arbitrary<GermanNumber> = fc.oneof({ weight: 3, arbitrary: fixedLine }, { weight: 1, arbitrary: mobile });

/** Separators humans put between digit groups; all of them mean nothing. */
const SPACES = [' ', '  ', '\u00a0', '\u202f', '\u2009', '\t'];
const ASCII_TO_FULLWIDTH = (s: string) => s.replace(/[0-9]/g, (d) => String.fromCharCode(0xff10 + Number(d)));

/** The subscriber number cut into groups by random separators (`23 12 57 4`). */
function grouped(sub: string, cuts: number[], sep: string): string {
  const at = [...new Set(cuts.map((c) => c % sub.length).filter((c) => c > 0))].sort((a, b) => a - b);
  let out = '';
  let last = 0;
  for (const c of at) {
    out += sub.slice(last, c) + sep;
    last = c;
  }
  return out + sub.slice(last);
}

type Style = { cuts: number[]; sep: string; dash: string; fullwidth: boolean; pad: string };
const style: fc.Arbitrary<Style> = fc.record({
  cuts: fc.array(fc.nat(20), { maxLength: 3 }),
  sep: fc.constantFrom(...SPACES),
  dash: fc.constantFrom('-', ' - ', '–', '‑', '−'),
  fullwidth: fc.boolean(),
  pad: fc.constantFrom('', ' ', '\n', '\u00a0'),
});

/**
 * Ways of writing one German number that must all mean the same E.164: international with `+` or
 * `00`, with and without the bracketed `(0)`, national with `0`, bare country-code digits as phone
 * systems send them, URIs and SIP headers.
 */
const NOTATIONS: Record<string, (n: GermanNumber, s: { sub: string }) => string> = {
  plus: (n, s) => `+49 ${n.area} ${s.sub}`,
  plusNoSpace: (n) => `+49${n.area}${n.sub}${n.ext}`,
  plusBracketZero: (n, s) => `+49 (0)${n.area} ${s.sub}`,
  plusBracketZeroSpaced: (n, s) => `+49 (0) ${n.area} ${s.sub}`,
  plusZero: (n, s) => `+49 0${n.area} ${s.sub}`,
  plusDashes: (n, s) => `+49-${n.area}-${s.sub}`,
  plusBracketArea: (n, s) => `+49 (${n.area}) ${s.sub}`,
  idd: (n, s) => `0049 ${n.area} ${s.sub}`,
  iddBracketZero: (n, s) => `0049 (0)${n.area} ${s.sub}`,
  national: (n, s) => `0${n.area} ${s.sub}`,
  nationalSlash: (n, s) => `0${n.area}/${s.sub}`,
  nationalDash: (n, s) => `0${n.area}-${s.sub}`,
  nationalDot: (n, s) => `0${n.area}.${s.sub}`,
  nationalBrackets: (n, s) => `(0${n.area}) ${s.sub}`,
  nationalBracketZero: (n, s) => `(0)${n.area} ${s.sub}`,
  nationalCompact: (n) => `0${n.area}${n.sub}${n.ext}`,
  tel: (n) => `tel:+49-${n.area}-${n.sub}${n.ext ? `-${n.ext}` : ''}`,
  sip: (n) => `sip:+49${n.area}${n.sub}${n.ext}@pbx.example;user=phone`,
  sipHeader: (n) => `"Anna Weiß" <sip:0${n.area}${n.sub}${n.ext}@10.0.0.1>`,
};
/** Bare `49…` digits are read as international only from 8 digits on (shorter is an extension or junk). */
const bare = (n: GermanNumber) => `49${n.area}${n.sub}${n.ext}`;

interface Written {
  name: string;
  text: string;
}
/** The subscriber part as written: grouped, with the direct-dial extension after a dash. */
function written(n: GermanNumber, s: Style, name: string): Written {
  const sub = grouped(n.sub, s.cuts, s.sep) + (n.ext ? `${s.dash}${n.ext}` : '');
  const render = NOTATIONS[name];
  if (!render) throw new Error(`no notation ${name}`);
  let text = render(n, { sub });
  if (s.fullwidth) text = ASCII_TO_FULLWIDTH(text);
  return { name, text: s.pad + text + s.pad };
}
const notationName = fc.constantFrom(...Object.keys(NOTATIONS));

/** Foreign numbers too, so display and round trip are exercised for other countries' formats. */
const COUNTRY_CODES = ['1', '7', '30', '31', '33', '34', '36', '39', '41', '43', '44', '48', '90', '353', '372', '420', '852', '971'];
const plusNumber = fc.tuple(fc.constantFrom(...COUNTRY_CODES), digitString(4, 12)).map(([cc, d]) => `+${cc}${d}`);

// ---------------------------------------------------------------------------------------------
// Invariants every answer must satisfy
// ---------------------------------------------------------------------------------------------

function checkIncoming(raw: string, cfg: NumberingConfig) {
  const info = normalizeIncoming(raw, cfg);
  expect(KINDS).toContain(info.kind);
  expect(info.raw).toBe(raw);
  expect(typeof info.display).toBe('string');
  if (info.kind === 'number') {
    expect(info.e164).toMatch(E164);
    expect(info.display).toBe(formatNumber(info.e164!, cfg));
  } else {
    expect(info.e164).toBeNull();
    expect(info.display).toBe(raw.trim());
  }
  return info;
}

function checkStored(raw: string, cfg: NumberingConfig) {
  const stored = normalizeStored(raw, cfg);
  expect(Object.keys(stored)).toEqual(['e164']);
  if (stored.e164 !== null) expect(stored.e164).toMatch(E164);
  return stored;
}

/** An E.164 answer is a fixed point of both readings, and its display reads back to it. */
function checkFixedPoint(e164: string, cfg: NumberingConfig) {
  expect(normalizeStored(e164, cfg).e164, `stored(${e164})`).toBe(e164);
  expect(normalizeIncoming(e164, cfg).e164, `incoming(${e164})`).toBe(e164);
  const display = formatNumber(e164, cfg);
  expect(normalizeStored(display, cfg).e164, `stored(format(${e164}) = ${JSON.stringify(display)})`).toBe(e164);
}

/** The metadata itself knows the number (not a direct-dial guess). */
const confirmed = (e164: string | null) => e164 !== null && parse(e164)?.isValid() === true;

/**
 * How often the other reading of a text won (see checkTrunk), with and without the prefix sent,
 * and how often the bridge without a trunk prefix already read the text as another number.
 */
const trunkStats = { prefixed: { checked: 0, collisions: 0 }, bare: { checked: 0, collisions: 0 }, base: { checked: 0, other: 0 } };

/**
 * A PBX with a trunk prefix sends `text` meaning `intended`, with the prefix in front
 * (`prefixed`) or without it. Digits that start with the prefix have two readings, with it
 * stripped and as written; each is what the bridge without a trunk prefix reads. The bridge must
 * answer one of the two, and the meant one whenever the numbering plan knows it and not the
 * other. Where both are real numbers (`0` + `0431 234567`, Kiel, vs. `0043 1 234567`, Vienna)
 * the configured prefix wins. With the prefix sent, as the setting promises, that must stay
 * rare; without it, Germany's liberal numbering plan makes most `00` + foreign numbers also read
 * as a German area code, which is why the setting should only be made where the PBX really
 * prefixes every number. Text that does not start with the prefix reads as without the setting.
 *
 * The meant reading is the one the bridge without a prefix gives the text the PBX meant; that
 * it is `intended` is the German and round-trip properties' business (Italy's `39 0100000`,
 * national, vs. `+39 010 0000` is such a case of its own), counted here and kept rare.
 */
function checkTrunk(text: string, intended: string, cfg: NumberingConfig, prefixed: boolean) {
  const trunk = cfg.trunkPrefix ?? '';
  const got = normalizeIncoming(text, cfg).e164;
  const label = `${prefixed ? `trunk ${trunk} + ` : 'without trunk '}${JSON.stringify(text)} in ${cfg.country}`;
  const noTrunk = { ...cfg, trunkPrefix: null };
  const stripped = normalizeIncoming(text.trim().slice(trunk.length), noTrunk).e164;
  const asWritten = normalizeIncoming(text, noTrunk).e164;
  const meant = prefixed ? stripped : asWritten;
  trunkStats.base.checked++;
  if (meant !== intended) trunkStats.base.other++;
  const cleaned = clean(text);
  const startsWithTrunk = cleaned.kind === 'dialable' && !cleaned.plus && cleaned.digits.startsWith(trunk);
  if (!prefixed && !startsWithTrunk) {
    expect(got, label).toBe(asWritten);
    return;
  }
  const other = prefixed ? asWritten : stripped;
  const stats = prefixed ? trunkStats.prefixed : trunkStats.bare;
  stats.checked++;
  expect([stripped, asWritten], label).toContain(got);
  if (confirmed(meant) && !confirmed(other)) expect(got, label).toBe(meant);
  if (confirmed(stripped)) expect(got, `${label}: a real number after the trunk prefix wins`).toBe(stripped);
  if (got !== meant) {
    stats.collisions++;
    // Only a real number on the other side may beat the meant reading, or a tie of guesses.
    expect(confirmed(other) || !confirmed(meant), label).toBe(true);
  }
}

describe('number normalizer on arbitrary text', () => {
  it('never throws; answers a documented kind, an E.164 that is a fixed point, deterministically', () => {
    fc.assert(
      fc.property(anyString, configName, (raw, name) => {
        const cfg = configOf(name);
        const info = checkIncoming(raw, cfg);
        expect(normalizeIncoming(raw, cfg)).toEqual(info);
        const stored = checkStored(raw, cfg);
        if (info.e164) checkFixedPoint(info.e164, cfg);
        if (stored.e164) checkFixedPoint(stored.e164, cfg);
        // Whatever is handed to the display and search helpers, they answer text.
        expect(typeof formatNumber(raw, cfg)).toBe('string');
        expect(typeof formatNumber(raw, cfg, raw)).toBe('string');
        for (const d of searchDigits(stored.e164, raw)) expect(d).toMatch(/^\d+$/);
        for (const d of searchDigits(raw, raw)) expect(d).toMatch(/^\d+$/);
      }),
      { numRuns: RUNS },
    );
  }, TIMEOUT_MS);

  it('never throws on what a JSON body may carry instead of a string', () => {
    const jsonish = fc.oneof(
      fc.jsonValue(),
      fc.constantFrom(null, undefined, NaN, Infinity, -0, 302312574, 4930231257421, 1e21, 12345678901234567890n, true),
      fc.double(),
      fc.bigInt(),
    );
    fc.assert(
      fc.property(jsonish, configName, (raw, name) => {
        const cfg = configOf(name);
        const info = normalizeIncoming(raw as string, cfg);
        expect(KINDS).toContain(info.kind);
        expect(typeof info.raw).toBe('string');
        if (info.e164 !== null) expect(info.e164).toMatch(E164);
        const stored = normalizeStored(raw as string, cfg);
        if (stored.e164 !== null) expect(stored.e164).toMatch(E164);
        expect(typeof formatNumber(raw as string, cfg)).toBe('string');
        for (const d of searchDigits(stored.e164, raw as string)) expect(d).toMatch(/^\d+$/);
      }),
      { numRuns: RUNS },
    );
  }, TIMEOUT_MS);

  it('clean() turns anything into a verdict or a bare dial string', () => {
    fc.assert(
      fc.property(anyString, (raw) => {
        const c = clean(raw);
        expect(['withheld', 'invalid', 'dialable']).toContain(c.kind);
        if (c.kind === 'dialable') {
          expect(c.digits).toMatch(/^[0-9*#]*[0-9][0-9*#]*$/);
          expect(c.star).toBe(/[*#]/.test(c.digits));
          expect(c.plus && c.star).toBe(false);
          expect(raw.length).toBeLessThanOrEqual(120);
        }
      }),
      { numRuns: RUNS },
    );
  }, TIMEOUT_MS);
});

describe('German numbers in every notation', () => {
  it('all notations of one number, incoming and stored, normalize to the same E.164 (or all fail)', () => {
    let numbers = 0;
    fc.assert(
      fc.property(germanNumber, style, notationName, notationName, (n, s, a, b) => {
        const canonical = normalizeStored(`+49${n.area}${n.sub}${n.ext}`, DE).e164;
        if (canonical) numbers++;
        for (const w of [written(n, s, a), written(n, s, b)]) {
          expect(normalizeStored(w.text, DE).e164, `stored ${w.name} ${JSON.stringify(w.text)}`).toBe(canonical);
          // (The display invariants are checked on arbitrary text above; here only the reading.)
          const info = normalizeIncoming(w.text, DE);
          expect(info.e164, `incoming ${w.name} ${JSON.stringify(w.text)}`).toBe(canonical);
          expect(info.kind).toBe(canonical ? 'number' : 'invalid');
        }
        if (bare(n).length >= 8) expect(normalizeIncoming(bare(n), DE).e164, `bare ${bare(n)}`).toBe(canonical);
        if (canonical) {
          // Behind a PBX that puts a 0 in front of every outside number, and the same PBX
          // passing a number on without it.
          for (const w of [written(n, s, 'national'), written(n, s, 'idd')]) {
            checkTrunk(`0${w.text.trim()}`, canonical, DE_TRUNK, true);
            checkTrunk(w.text.trim(), canonical, DE_TRUNK, false);
          }
          expect(normalizeIncoming(written(n, s, 'plus').text, DE_TRUNK).e164).toBe(canonical);
        }
      }),
      { numRuns: RUNS },
    );
    // Guard against a generator that only produces numbers the metadata rejects.
    expect(numbers).toBeGreaterThan(RUNS / 2);
  }, TIMEOUT_MS);

  it('a switchboard written with -0 is the main number; with an extension it is the direct dial', () => {
    fc.assert(
      fc.property(fixedLine, style, (n, s) => {
        const main = normalizeStored(`+49${n.area}${n.sub}`, DE).e164;
        fc.pre(main !== null && n.sub.length >= 4);
        const head = `0${n.area} ${grouped(n.sub, s.cuts, s.sep)}`;
        expect(normalizeStored(`${head}${s.dash}0`, DE).e164, `${head}-0`).toBe(main);
        expect(normalizeIncoming(`+49 ${n.area} ${n.sub}${s.dash}0`, DE).e164).toBe(main);
        if (n.ext) {
          const direct = normalizeStored(`${head}${s.dash}${n.ext}`, DE).e164;
          if (direct) {
            expect(direct.startsWith(main!)).toBe(true);
            // Displayed against its known main number, it shows the extension and reads back.
            const display = formatNumber(direct, DE, main);
            expect(normalizeStored(display, DE).e164, `${direct} shown as ${JSON.stringify(display)}`).toBe(direct);
            expect(normalizeStored(formatNumber(direct, AT, main), AT).e164).toBe(direct);
          }
        }
      }),
      { numRuns: RUNS },
    );
  }, TIMEOUT_MS);

  it('formatting and normalizing again round-trips, in every configured country', () => {
    const e164s = fc.oneof(
      germanNumber.map((n) => normalizeStored(`+49${n.area}${n.sub}${n.ext}`, DE).e164),
      plusNumber.map((p) => normalizeStored(p, DE).e164),
    );
    let numbers = 0;
    fc.assert(
      fc.property(e164s, fc.constantFrom('DE', 'AT', 'US', 'IT', 'BOGUS'), (e164, name) => {
        if (e164 === null) return;
        numbers++;
        const cfg = configOf(name);
        checkFixedPoint(e164, cfg);
        const display = formatNumber(e164, cfg);
        expect(normalizeIncoming(display, cfg).e164, `${e164} shown as ${JSON.stringify(display)}`).toBe(e164);
        // The display is stable: formatting what it reads back to gives the same text.
        expect(formatNumber(normalizeStored(display, cfg).e164!, cfg)).toBe(display);
        // Partial search finds the number by its own digits.
        const digits = searchDigits(e164, display);
        expect(digits).toContain(e164.slice(1));
        for (const p of switchboardPrefixes(e164)) expect(e164.startsWith(p) && p.length < e164.length).toBe(true);
      }),
      { numRuns: RUNS },
    );
    expect(numbers).toBeGreaterThan(RUNS / 3);
  }, TIMEOUT_MS);
});

describe('behind a PBX with a trunk prefix, in every setting', () => {
  const TRUNKED = { DE_TRUNK, AT_TRUNK, US_TRUNK, IT_TRUNK, CH_TRUNK };
  /** International access codes of those countries (`00`, North America `011`). */
  const IDD: Record<string, string> = { DE: '00', AT: '00', US: '011', IT: '00', CH: '00' };
  const OWN_CODES = ['49', '43', '1', '39', '41'];
  const e164s = fc.oneof(
    germanNumber.map((n) => normalizeStored(`+49${n.area}${n.sub}${n.ext}`, DE).e164),
    plusNumber.map((p) => normalizeStored(p, DE).e164),
    // Numbers of each configured country, so the national notations are exercised everywhere.
    fc.tuple(fc.constantFrom(...OWN_CODES), fc.integer({ min: 1, max: 9 }), digitString(5, 10)).map(([cc, a, d]) => normalizeStored(`+${cc}${a}${d}`, DE).e164),
  );

  it('the number with the prefix in front of the international or national form, and without it, reads back', () => {
    const before = structuredClone(trunkStats);
    let numbers = 0;
    fc.assert(
      fc.property(e164s, fc.constantFrom(...Object.keys(TRUNKED)), fc.constantFrom('', ' '), (e164, name, sep) => {
        if (e164 === null) return;
        numbers++;
        const cfg = TRUNKED[name as keyof typeof TRUNKED];
        const trunk = cfg.trunkPrefix!;
        const n = parse(e164)!;
        const international = `${IDD[cfg.country]}${sep}${n.countryCallingCode}${sep}${n.nationalNumber}`;
        checkTrunk(`${trunk}${international}`, e164, cfg, true);
        checkTrunk(international, e164, cfg, false);
        expect(normalizeIncoming(`+${n.countryCallingCode}${sep}${n.nationalNumber}`, cfg).e164).toBe(e164);
        // The national form, where the number is one of the configured country's.
        const display = formatNumber(e164, { ...cfg, trunkPrefix: null });
        if (!display.startsWith('+')) {
          const national = display.replace(/\D/g, '');
          checkTrunk(`${trunk}${national}`, e164, cfg, true);
          checkTrunk(national, e164, cfg, false);
        }
      }),
      { numRuns: RUNS },
    );
    expect(numbers).toBeGreaterThan(RUNS / 3);
    const checked = trunkStats.prefixed.checked - before.prefixed.checked;
    const collisions = trunkStats.prefixed.collisions - before.prefixed.collisions;
    expect(checked).toBeGreaterThan(RUNS / 3);
    // Two real numbers behind the same digits are the exception, not the rule.
    expect(collisions / checked).toBeLessThan(0.01);
    const base = { checked: trunkStats.base.checked - before.base.checked, other: trunkStats.base.other - before.base.other };
    expect(base.other / base.checked).toBeLessThan(0.01);
  }, TIMEOUT_MS);

  it.each([
    // The reported case: `0049…` without the trunk prefix is Berlin, not area code 04930.
    ['0049302312574', '+49302312574'],
    ['0049 30 2312574', '+49302312574'],
    ['00049302312574', '+49302312574'],
    ['00302312574', '+49302312574'],
    ['0302312574', '+49302312574'],
    ['0004930231257421', '+4930231257421'],
    ['004930231257421', '+4930231257421'],
    ['00043 1 234567', '+431234567'],
    ['001 212 555 1234', '+12125551234'],
    // Two real numbers: Kiel 0431 behind the trunk prefix, or Vienna without it. The setting
    // says the PBX prefixes every number, so Kiel.
    ['0043 1 234567', '+49431234567'],
    ['00492111234567', '+49492111234567'],
  ])('trunk 0 in Germany: %j is %s', (raw, e164) => {
    expect(normalizeIncoming(raw, DE_TRUNK).e164).toBe(e164);
  });

  it.each([
    [US_TRUNK, '9 011 49 30 2312574', '+49302312574'],
    [US_TRUNK, '011 49 30 2312574', '+49302312574'],
    [US_TRUNK, '9 1 212 555 1234', '+12125551234'],
    [US_TRUNK, '9 212 555 1234', '+12125551234'],
    [US_TRUNK, '917 555 1234', '+19175551234'],
    [AT_TRUNK, '0049 30 2312574', '+49302312574'],
    [AT_TRUNK, '0 01 234567', '+431234567'],
    [IT_TRUNK, '0 06 1234 5678', '+390612345678'],
    [IT_TRUNK, '0049 30 2312574', '+49302312574'],
  ])('%o: %j is %s', (cfg, raw, e164) => {
    expect(normalizeIncoming(raw, cfg).e164).toBe(e164);
  });
});

describe('what is not a public number', () => {
  const WITHHELD = ['anonymous', 'anonym', 'unknown', 'unbekannt', 'restricted', 'private', 'withheld', 'unavailable', 'Rufnummer unterdrückt', 'no caller id'];
  const recase = (word: string, mask: boolean[]) =>
    [...word].map((ch, i) => (mask[i % Math.max(mask.length, 1)] ? ch.toUpperCase() : ch.toLowerCase())).join('');

  it('withheld words, any case and padding, are withheld everywhere', () => {
    const withheld = fc
      .tuple(fc.constantFrom(...WITHHELD), fc.array(fc.boolean(), { maxLength: 8 }), fc.constantFrom('', ' ', '\t', '\u00a0'), fc.constantFrom('', '.', '!'), fc.boolean())
      .map(([w, mask, pad, punct, uri]) => {
        const word = recase(w, mask) + punct;
        return pad + (uri && !/\s/.test(w) ? `sip:${word}@anonymous.invalid` : word) + pad;
      });
    fc.assert(
      fc.property(withheld, configName, (raw, name) => {
        const cfg = configOf(name);
        expect(checkIncoming(raw, cfg).kind, JSON.stringify(raw)).toBe('withheld');
        expect(normalizeStored(raw, cfg).e164).toBeNull();
      }),
      { numRuns: RUNS },
    );
  }, TIMEOUT_MS);

  it('short extensions and feature codes are internal everywhere, never a number', () => {
    const internal = fc.oneof(
      digitString(1, 5),
      fc.tuple(fc.constantFrom('*', '**', '#', '*#'), digitString(1, 3), fc.constantFrom('', '#', '*')).map(([a, d, z]) => a + d + z),
    );
    fc.assert(
      fc.property(internal, configName, fc.constantFrom('', ' '), (raw, name, pad) => {
        const cfg = configOf(name);
        expect(checkIncoming(pad + raw + pad, cfg).kind, JSON.stringify(raw)).toBe('internal');
        expect(normalizeStored(raw, cfg).e164).toBeNull();
        // A `+` in front of a feature code makes it nothing at all.
        if (/[*#]/.test(raw)) expect(normalizeIncoming(`+${raw}`, cfg).kind).toBe('invalid');
      }),
      { numRuns: RUNS },
    );
  }, TIMEOUT_MS);
});

describe('match ranking', () => {
  const customerNo = fc.constantFrom('K-1', 'K-2', 'K-10', 'a', 'Ä');
  const rowFor = (callerPool: string[]) =>
    fc.record({
      customerNo,
      contactId: fc.option(fc.integer({ min: 1, max: 4 }), { nil: null }),
      phoneId: fc.integer({ min: 1, max: 1000 }),
      e164: fc.constantFrom(...callerPool),
      main: fc.boolean(),
    });

  it('exact rows win; otherwise the longest main-number prefix; sorted, one per customer and contact', () => {
    const scenario = fc.tuple(germanNumber, fc.boolean()).chain(([n, withExt]) => {
      const caller = `+49${n.area}${n.sub}${withExt ? n.ext || '21' : ''}`;
      const pool = [caller, ...switchboardPrefixes(caller), '+49302312574', '+4930', caller + '1'];
      // Phone ids are row ids: unique across both lists.
      const rows = fc.uniqueArray(rowFor(pool), { maxLength: 12, selector: (r) => r.phoneId });
      return fc.tuple(fc.constant(caller), rows, fc.nat(12)).map(([c, all, cut]) => [c, all.slice(0, cut), all.slice(cut)] as const);
    });
    fc.assert(
      fc.property(scenario, ([caller, exactRows, mainRows]) => {
        const ranked = rankMatches(caller, exactRows as PhoneRow[], mainRows as PhoneRow[]);
        const keys = ranked.map((m) => `${m.row.customerNo}\u0000${m.row.contactId ?? ''}`);
        expect(new Set(keys).size).toBe(keys.length);
        const exact = exactRows.filter((r) => r.e164 === caller);
        if (exact.length > 0) {
          expect(ranked.every((m) => m.level === 'exact' && m.row.e164 === caller)).toBe(true);
          expect(ranked.length).toBe(new Set(exact.map((r) => `${r.customerNo}\u0000${r.contactId ?? ''}`)).size);
        } else {
          const prefixes = new Set(switchboardPrefixes(caller));
          const mains = mainRows.filter((r) => r.main && prefixes.has(r.e164));
          const longest = Math.max(0, ...mains.map((r) => r.e164.length));
          expect(ranked.every((m) => m.level === 'switchboard' && m.row.main && m.row.e164.length === longest)).toBe(true);
          expect(ranked.length > 0).toBe(mains.length > 0);
        }
        for (let i = 1; i < ranked.length; i++) {
          const [a, b] = [ranked[i - 1]!.row, ranked[i]!.row];
          expect(a.customerNo < b.customerNo || (a.customerNo === b.customerNo && (a.contactId ?? -1) < (b.contactId ?? -1))).toBe(true);
        }
        expect(rankMatches(caller, [...exactRows].reverse(), [...mainRows].reverse())).toEqual(ranked);
      }),
      { numRuns: RUNS },
    );
  }, TIMEOUT_MS);
});
