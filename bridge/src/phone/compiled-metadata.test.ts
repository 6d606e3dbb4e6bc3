import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getCountries, getCountryCallingCode, parsePhoneNumberFromString as plainParse, type CountryCode } from 'libphonenumber-js/max';
import examples from 'libphonenumber-js/mobile/examples';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { isValidNumber, surelyReadsBack } from './compiled-metadata.js';
import * as fast from './normalize.js';
import type { NumberingConfig } from './normalize.js';
import { parse, planOf } from './numbering.js';

/**
 * The normalizer's fast path against the straightforward one. The fast path parses with
 * libphonenumber's modern build and answers "is it valid" and "does it read back the same"
 * from compiled metadata (compiled-metadata.ts); the straightforward path is libphonenumber's
 * default build asked directly (`n.isValid()`, parsing `n.number` again). Both are compared
 * question by question and, end to end, through normalize.ts loaded a second time with the
 * straightforward primitives, on a generated corpus of every country libphonenumber knows and
 * on every number in the vendors' example payloads under fixtures/.
 */
const TIMEOUT_MS = 120_000;

/** Seeded digits from fast-check, so a failure names a corpus that can be generated again. */
function digitSupply(seed: number): (n: number) => string {
  const digit = fc.constantFrom(...'0123456789');
  const pool = fc.sample(fc.string({ unit: digit, minLength: 1000, maxLength: 1000 }), { seed, numRuns: 100 }).join('');
  let at = 0;
  return (n) => {
    if (at + n > pool.length) at = 0;
    at += n;
    return pool.slice(at - n, at);
  };
}

interface Sample {
  text: string;
  country: CountryCode | undefined;
}

/** Per country: its example mobile number, edited the ways typing and PBXs edit numbers, and digit soup. */
function generatedCorpus(seed: number): Sample[] {
  const digits = digitSupply(seed);
  const out: Sample[] = [];
  for (const country of getCountries()) {
    const cc = getCountryCallingCode(country);
    const np = planOf(country)?.nationalPrefix ?? '';
    const example = examples[country] ?? digits(8);
    const variants = [
      example,
      ...[1, 2, 3, 4].map((k) => example.slice(0, -k) + digits(k)),
      ...[1, 2, 3].map((k) => example + digits(k)),
      example.slice(0, -1),
      example.slice(0, -2),
      digits(example.length),
      `0${example.slice(1)}`,
    ];
    for (const v of variants) {
      out.push({ text: v, country }, { text: np + v, country }, { text: `00${cc}${v}`, country });
      out.push({ text: `+${cc}${v}`, country: undefined }, { text: `+${cc}${np}${v}`, country: undefined }, { text: `+${cc}0${v}`, country: undefined });
    }
    for (let i = 0; i < 6; i++) {
      const soup = digits(2 + (Number(digits(2)) % 16));
      out.push({ text: soup, country }, { text: `0${soup}`, country }, { text: `+${soup}`, country: undefined });
    }
  }
  return out;
}

const here = dirname(fileURLToPath(import.meta.url));
const FIXTURE_DIRS = ['../pbx/fixtures', '../pbx/threecx/fixtures', '../streams/fixtures', '../import/fixtures', '../../../test/fixtures'];

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** Everything in the vendors' example payloads that looks like a phone number, as written. */
function fixtureNumbers(): string[] {
  const found = new Set<string>();
  for (const dir of FIXTURE_DIRS) {
    for (const file of filesUnder(join(here, dir))) {
      for (const m of readFileSync(file, 'utf8').matchAll(/(?:\+|%2B)?[0-9][0-9 ()/.-]{3,}[0-9]/g)) found.add(m[0].replace(/%2B/g, '+'));
    }
  }
  return [...found];
}

const FIXTURE_COUNTRIES: (CountryCode | undefined)[] = ['DE', 'AT', 'CH', 'US', 'GB', 'IT', 'FR', undefined];

function samples(): Sample[] {
  const fromFixtures = fixtureNumbers().flatMap((text) => FIXTURE_COUNTRIES.map((country) => ({ text, country })));
  return [...generatedCorpus(20261204), ...fromFixtures];
}

describe('compiled metadata answers as libphonenumber does', () => {
  const corpus = samples();

  it('the corpus reaches both answers of each question, and the fixtures are in it', () => {
    expect(fixtureNumbers().length).toBeGreaterThan(20);
    const parsed = corpus.map((s) => parse(s.text, s.country)).filter((n) => n !== undefined);
    const valid = parsed.filter((n) => isValidNumber(n)).length;
    const sure = parsed.filter((n) => surelyReadsBack(n)).length;
    expect(parsed.length).toBeGreaterThan(20_000);
    for (const count of [valid, sure]) {
      expect(count).toBeGreaterThan(parsed.length / 10);
      expect(count).toBeLessThan(parsed.length * 0.95);
    }
  });

  it('the modern build parses every sample as the default build does', () => {
    const view = (p: ReturnType<typeof plainParse>) =>
      JSON.stringify(p && { number: p.number, national: p.nationalNumber, country: p.country, cc: p.countryCallingCode, ext: p.ext, carrier: p.carrierCode });
    const differences = corpus.flatMap(({ text, country }) => {
      const [a, b] = [view(parse(text, country)), view(plainParse(text, country))];
      return a === b ? [] : [`${text} in ${country}: ${a} vs ${b}`];
    });
    expect(differences.slice(0, 20)).toEqual([]);
  }, TIMEOUT_MS);

  it('isValidNumber(n) is n.isValid(), and surelyReadsBack(n) only where parsing n.number gives n.number', () => {
    const differences: string[] = [];
    let unsure = 0;
    let parsed = 0;
    for (const { text, country } of corpus) {
      const n = plainParse(text, country);
      if (!n) continue;
      parsed++;
      if (isValidNumber(n) !== n.isValid()) differences.push(`valid ${n.number} (${text} in ${country})`);
      if (!surelyReadsBack(n)) unsure++;
      else if (plainParse(n.number)?.number !== n.number) differences.push(`reads back ${n.number} (${text} in ${country})`);
    }
    expect(differences.slice(0, 20)).toEqual([]);
    // Where it is unsure, the normalizer parses: that must stay the exception, or the speed is gone.
    expect(unsure).toBeLessThan(parsed / 2);
  }, TIMEOUT_MS);
});

/** normalize.ts once more, with the default build and the library's own answers. */
async function straightforwardNormalize(): Promise<typeof fast> {
  vi.resetModules();
  vi.doMock('libphonenumber-js/max/es6', () => import('libphonenumber-js/max'));
  vi.doMock('./compiled-metadata.js', () => ({
    isValidNumber: (n: { isValid(): boolean }) => n.isValid(),
    surelyReadsBack: () => false,
  }));
  const plain = await import('./normalize.js');
  vi.doUnmock('libphonenumber-js/max/es6');
  vi.doUnmock('./compiled-metadata.js');
  return plain;
}

const CONFIGS: NumberingConfig[] = [
  { country: 'DE', trunkPrefix: null },
  { country: 'DE', trunkPrefix: '0' },
  { country: 'AT', trunkPrefix: '0' },
  { country: 'CH', trunkPrefix: '0' },
  { country: 'US', trunkPrefix: '9' },
  { country: 'IT', trunkPrefix: '0' },
  { country: 'GB', trunkPrefix: null },
  { country: 'FR', trunkPrefix: '0' },
  { country: 'XX', trunkPrefix: ' 0x' } as unknown as NumberingConfig,
];

describe('normalize.ts with the fast path gives what the straightforward path gives', () => {
  it('stored, incoming, display and search digits, for the corpus in nine configurations', async () => {
    const plain = await straightforwardNormalize();
    expect(plain.normalizeStored).not.toBe(fast.normalizeStored);
    const corpus = samples();
    // Every fixture number and a quarter of the generated ones (the whole corpus through nine
    // configurations and both paths would take minutes on this machine).
    const fixtures = new Set(fixtureNumbers());
    const texts = [...new Set(corpus.map((s) => s.text))].filter((t, i) => fixtures.has(t) || i % 4 === 0);
    // One expect at the end: vitest's expect() per sample would cost more than the normalizing.
    const differences: string[] = [];
    const same = (label: string, a: unknown, b: unknown) => {
      if (JSON.stringify(a) !== JSON.stringify(b)) differences.push(`${label}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
    };
    let numbers = 0;
    for (const cfg of CONFIGS) {
      for (const text of texts) {
        const label = `${text} in ${cfg.country}/${cfg.trunkPrefix}`;
        const stored = fast.normalizeStored(text, cfg);
        same(`stored ${label}`, stored, plain.normalizeStored(text, cfg));
        const incoming = fast.normalizeIncoming(text, cfg);
        same(`incoming ${label}`, incoming, plain.normalizeIncoming(text, cfg));
        for (const e164 of new Set([stored.e164, incoming.e164])) {
          if (!e164) continue;
          numbers++;
          const main = e164.slice(0, -2);
          same(`display ${label}`, fast.formatNumber(e164, cfg), plain.formatNumber(e164, cfg));
          same(`display under ${main} ${label}`, fast.formatNumber(e164, cfg, main), plain.formatNumber(e164, cfg, main));
          same(`search ${label}`, fast.searchDigits(e164, text), plain.searchDigits(e164, text));
        }
      }
    }
    expect(differences.slice(0, 20)).toEqual([]);
    expect(numbers).toBeGreaterThan(8_000);
  }, TIMEOUT_MS);
});
