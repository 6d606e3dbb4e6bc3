import type { NumberKind } from '@ringside/shared';
import { describe, expect, it } from 'vitest';
import { formatNumber, normalizeIncoming, normalizeStored, searchDigits, type NumberingConfig } from './normalize.js';

const DE: NumberingConfig = { country: 'DE', trunkPrefix: null };
const DE_TRUNK: NumberingConfig = { country: 'DE', trunkPrefix: '0' };
const AT: NumberingConfig = { country: 'AT', trunkPrefix: null };
const US: NumberingConfig = { country: 'US', trunkPrefix: null };
const IT: NumberingConfig = { country: 'IT', trunkPrefix: null };

const BERLIN = '+49302312574';
const BERLIN_21 = '+4930231257421';
const MOBILE = '+491701234567';

type Case = [raw: string, cfg: NumberingConfig, kind: NumberKind, e164: string | null];

/** Read the same by both functions: no trunk prefix is configured, so the difference does not show. */
const common: Case[] = [
  // German notations of one Berlin number
  ['+49 30 2312574', DE, 'number', BERLIN],
  ['+49302312574', DE, 'number', BERLIN],
  ['0049 30 2312574', DE, 'number', BERLIN],
  ['0049 (0)30 2312574', DE, 'number', BERLIN],
  ['+49 (0) 30 2312574', DE, 'number', BERLIN],
  ['+49 030 2312574', DE, 'number', BERLIN],
  ['030 2312574', DE, 'number', BERLIN],
  ['030/2312574', DE, 'number', BERLIN],
  ['030-2312574', DE, 'number', BERLIN],
  ['030.2312574', DE, 'number', BERLIN],
  ['030 23 12 57 4', DE, 'number', BERLIN],
  ['(030) 2312574', DE, 'number', BERLIN],
  ['(0)30 2312574', DE, 'number', BERLIN],
  ['030\t2312574', DE, 'number', BERLIN],
  ['030\u00a02312574', DE, 'number', BERLIN],
  ['030\u202f231\u20092574', DE, 'number', BERLIN],
  ['  030 2312574 \n', DE, 'number', BERLIN],
  ['０３０ ２３１２５７４', DE, 'number', BERLIN],
  ['tel:+49-30-2312574', DE, 'number', BERLIN],
  ['TEL:+49302312574;phone-context=example.com', DE, 'number', BERLIN],
  ['sip:+49302312574@pbx.example;user=phone', DE, 'number', BERLIN],
  ['"Anna" <sip:0302312574@10.0.0.1>', DE, 'number', BERLIN],
  // mobiles
  ['01701234567', DE, 'number', MOBILE],
  ['0170 1234567', DE, 'number', MOBILE],
  ['+49 (170) 1234567', DE, 'number', MOBILE],
  ['0170-123 45 67', DE, 'number', MOBILE],
  // bare international digits as phone systems send them: the leading country code wins
  ['492111234567', DE, 'number', '+492111234567'],
  ['4915791234567', DE, 'number', '+4915791234567'],
  ['49302312574', DE, 'number', BERLIN],
  ['43123456789', DE, 'number', '+43123456789'],
  ['41446681800', DE, 'number', '+41446681800'],
  ['12125551234', DE, 'number', '+12125551234'],
  // foreign numbers with a German configuration
  ['+43 1 234567', DE, 'number', '+431234567'],
  ['0043 1 234567', DE, 'number', '+431234567'],
  ['+43 (0)1 234567', DE, 'number', '+431234567'],
  ['+41 44 668 18 00', DE, 'number', '+41446681800'],
  ['0041 44 668 18 00', DE, 'number', '+41446681800'],
  ['+1 (212) 555-1234', DE, 'number', '+12125551234'],
  ['001 212 555 1234', DE, 'number', '+12125551234'],
  // switchboard `-0` and direct-dial suffixes
  ['030 2312574-0', DE, 'number', BERLIN],
  ['030 2312574 - 0', DE, 'number', BERLIN],
  ['030 2312574–0', DE, 'number', BERLIN],
  ['+49 30 2312574-0', DE, 'number', BERLIN],
  ['0049 (0)30 2312574-0', DE, 'number', BERLIN],
  ['+49 30 2312574-21', DE, 'number', BERLIN_21],
  ['030 2312574-21', DE, 'number', BERLIN_21],
  ['030 2312574 - 21', DE, 'number', BERLIN_21],
  ['030 23125740', DE, 'number', '+493023125740'],
  ['0221 1234567-123', DE, 'number', '+492211234567123'],
  ['033203 12345-678', DE, 'number', '+493320312345678'],
  // direct-dial numbers that libphonenumber's metadata calls invalid (too long for area 04969)
  ['04969 38-12', DE, 'number', '+4949693812'],
  ['+49 4969 38-12', DE, 'number', '+4949693812'],
  ['04969 38-12345', DE, 'number', '+4949693812345'],
  ['04969 38-123456', DE, 'invalid', null], // six extension digits: not a PBX extension
  // appended extensions are a German/Austrian habit; elsewhere they make no number
  ['+33 1 23 45 67 89-12', DE, 'invalid', null],
  ['+44 20 7123 4567-12', DE, 'invalid', null],
  ['+1 312 331 8612-388', US, 'invalid', null],
  ['01701234567-12', DE, 'invalid', null], // mobiles have no extensions
  // withheld
  ['anonymous', DE, 'withheld', null],
  ['Anonymous', DE, 'withheld', null],
  ['ANONYMOUS', DE, 'withheld', null],
  ['unknown', DE, 'withheld', null],
  ['restricted', DE, 'withheld', null],
  ['private', DE, 'withheld', null],
  ['unavailable', DE, 'withheld', null],
  ['Unbekannt', DE, 'withheld', null],
  ['sip:anonymous@anonymous.invalid', DE, 'withheld', null],
  ['', DE, 'withheld', null],
  ['   ', DE, 'withheld', null],
  ['\t\u00a0', DE, 'withheld', null],
  ['+', DE, 'withheld', null],
  [' + ', DE, 'withheld', null],
  // internal extensions and feature codes
  ['21', DE, 'internal', null],
  ['0', DE, 'internal', null],
  ['12345', DE, 'internal', null],
  ['**610', DE, 'internal', null],
  ['*21#', DE, 'internal', null],
  // invalid
  ['abc', DE, 'invalid', null],
  ['030 2312574 ext. 21', DE, 'invalid', null],
  ['0800-FLOWERS', DE, 'invalid', null],
  ['+49', DE, 'invalid', null],
  ['+49 30 2312574, +49 30 2312575', DE, 'invalid', null],
  ['+49+302312574', DE, 'invalid', null],
  ['*31#0302312574', DE, 'invalid', null],
  ['+**610', DE, 'invalid', null],
  ['--', DE, 'invalid', null],
  ['0123456', DE, 'invalid', null],
  ['+49 30 2312574 123456', DE, 'invalid', null], // 16 digits: longer than E.164 allows
  ['9'.repeat(200), DE, 'invalid', null],
  // a local number without area code: guessing would match the wrong town (0231 is Dortmund)
  ['2312574', DE, 'invalid', null],
  ['302312574', DE, 'invalid', null],
  ['00302312574', DE, 'invalid', null], // +30 (Greece) 2312574 is too short
  // Austria
  ['01 234567', AT, 'number', '+431234567'],
  ['0664 1234567', AT, 'number', '+436641234567'],
  ['+43 1 234567-89', AT, 'number', '+43123456789'],
  ['0049 30 2312574', AT, 'number', BERLIN],
  ['492111234567', AT, 'number', '+492111234567'],
  ['030 2312574', AT, 'invalid', null],
  // countries whose national numbers have no mandatory prefix read bare digits as national
  ['2125551234', US, 'number', '+12125551234'],
  ['(212) 555-1234', US, 'number', '+12125551234'],
  ['1 212 555 1234', US, 'number', '+12125551234'],
  ['011 49 30 2312574', US, 'number', BERLIN],
  ['4930231257', US, 'number', '+4930231257'], // no US area code 493, a valid Berlin number
  ['3123456789', IT, 'number', '+393123456789'],
  ['06 1234 5678', IT, 'number', '+390612345678'],
  ['393123456789', IT, 'number', '+393123456789'],
];

/** Where the trunk prefix makes incoming and stored readings differ. */
const trunk: [raw: string, incoming: string | null, stored: string | null, kind: NumberKind][] = [
  ['00302312574', BERLIN, null, 'number'],
  ['001701234567', MOBILE, null, 'number'], // stored: +1 701234567 is one digit short
  ['000492111234567', '+492111234567', null, 'number'],
  // `0` + `0492111234567` is the national number 04921 11234567, not Düsseldorf
  ['00492111234567', '+49492111234567', '+492111234567', 'number'],
  ['0492111234567', '+492111234567', '+49492111234567', 'number'],
  ['+49 30 2312574', BERLIN, BERLIN, 'number'],
  // a call that came without the prefix for once is still understood
  ['0302312574', BERLIN, BERLIN, 'number'],
  // ... also in international form: `0` + `049302312574` (area code 04930) is no number the
  // numbering plan knows, `0049 30 2312574` is Berlin
  ['0049302312574', BERLIN, BERLIN, 'number'],
  ['0049 30 2312574-21', BERLIN_21, BERLIN_21, 'number'],
  ['21', null, null, 'internal'],
  ['0', null, null, 'internal'],
  ['021', null, null, 'internal'],
];

describe('normalizeIncoming and normalizeStored', () => {
  it.each(common)('%j (%o) is %s %s', (raw, cfg, kind, e164) => {
    const info = normalizeIncoming(raw, cfg);
    expect(info).toMatchObject({ raw, kind, e164 });
    expect(normalizeStored(raw, cfg)).toEqual({ e164 });
  });

  it.each(trunk)('trunk prefix 0: %j is incoming %s, stored %s', (raw, incoming, stored, kind) => {
    expect(normalizeIncoming(raw, DE_TRUNK)).toMatchObject({ kind, e164: incoming });
    expect(normalizeStored(raw, DE_TRUNK)).toEqual({ e164: stored });
  });

  it('strips nothing without a trunk prefix', () => {
    expect(normalizeIncoming('00302312574', DE).e164).toBeNull();
    expect(normalizeIncoming('00492111234567', DE).e164).toBe('+492111234567');
  });

  it('ignores a trunk prefix that is not plain digits', () => {
    expect(normalizeIncoming('00302312574', { country: 'DE', trunkPrefix: ' + ' }).e164).toBeNull();
    expect(normalizeIncoming('00302312574', { country: 'DE', trunkPrefix: '' }).e164).toBeNull();
  });

  it.each([null, undefined])('reads %s as withheld', (raw) => {
    expect(normalizeIncoming(raw, DE)).toEqual({ raw: '', kind: 'withheld', e164: null, display: '' });
  });

  it('keeps raw untouched and displays numbers formatted, other text as sent', () => {
    expect(normalizeIncoming(' 030/2312574 ', DE)).toEqual({
      raw: ' 030/2312574 ',
      kind: 'number',
      e164: BERLIN,
      display: '030 2312574',
    });
    expect(normalizeIncoming('43123456789', DE).display).toBe('+43 1 23456789');
    expect(normalizeIncoming(' anonymous ', DE).display).toBe('anonymous');
    expect(normalizeIncoming('**610', DE).display).toBe('**610');
  });

  it('falls back to + numbers only for a country libphonenumber does not know', () => {
    const bogus = { country: 'XX', trunkPrefix: null } as unknown as NumberingConfig;
    expect(normalizeIncoming('+49 30 2312574', bogus).e164).toBe(BERLIN);
    expect(normalizeIncoming('492111234567', bogus).e164).toBe('+492111234567');
    expect(normalizeIncoming('030 2312574', bogus).kind).toBe('invalid');
    expect(formatNumber(BERLIN, bogus)).toBe('+49 30 2312574');
  });
});

describe('formatNumber', () => {
  it.each([
    [BERLIN, DE, '030 2312574'],
    [MOBILE, DE, '0170 1234567'],
    ['+431234567', DE, '+43 1 234567'],
    ['+431234567', AT, '01 234567'],
    [BERLIN, AT, '+49 30 2312574'],
    ['+12125551234', US, '(212) 555-1234'],
    ['+12125551234', DE, '+1 212 555 1234'],
    [BERLIN_21, DE, '030 231257421'],
    ['+33123456789', { country: 'FR', trunkPrefix: null }, '01 23 45 67 89'],
    ['+4949693812', DE, '04969 38-12'],
    ['+4949693812', AT, '+49 4969 38-12'],
    ['+4949693800', DE, '04969 38-00'],
    // no national format rule in the metadata: international rather than a bare `374050`
    ['+49374050', DE, '+49 374050'],
    // not a number: libphonenumber's best effort
    ['+3312345678912', DE, '+33 12345678912'],
    ['anonymous', DE, 'anonymous'],
    ['030 2312574', DE, '030 2312574'],
    ['', DE, ''],
  ] as const)('%s in %o is %j', (e164, cfg, expected) => {
    expect(formatNumber(e164, cfg)).toBe(expected);
  });

  it('splits a direct-dial extension off a known main number', () => {
    expect(formatNumber(BERLIN_21, DE, BERLIN)).toBe('030 2312574-21');
    expect(formatNumber(BERLIN_21, AT, BERLIN)).toBe('+49 30 2312574-21');
    expect(formatNumber(BERLIN_21, DE, '+49999')).toBe('030 231257421');
    expect(formatNumber(BERLIN, DE, BERLIN)).toBe('030 2312574');
    // `-0` would read back as the switchboard itself
    expect(formatNumber('+493023125740', DE, BERLIN)).toBe('030 23125740');
  });

  it('reads back to the same number', () => {
    for (const e164 of [BERLIN, BERLIN_21, MOBILE, '+431234567', '+41446681800', '+4949693812', '+4949693800', '+49374050']) {
      for (const cfg of [DE, AT]) expect(normalizeStored(formatNumber(e164, cfg), cfg).e164).toBe(e164);
    }
  });
});

describe('searchDigits', () => {
  it.each([
    [BERLIN, '030 2312574-0', ['49302312574', '0302312574', '03023125740']],
    [BERLIN, '+49 30 2312574', ['49302312574', '0302312574']],
    [BERLIN_21, '030 2312574-21', ['4930231257421', '030231257421']],
    ['+4949693812', '04969 38-12', ['4949693812', '049693812']],
    ['+431234567', '+43 (0)1 234567', ['431234567', '01234567', '4301234567']],
    ['+12125551234', '(212) 555-1234', ['12125551234', '2125551234']],
    [null, 'Zentrale 2312', ['2312']],
    [null, 'anonymous', []],
    [null, '', []],
  ] as const)('%s / %j -> %j', (e164, raw, expected) => {
    expect(searchDigits(e164, raw)).toEqual(expected);
  });

  it('finds a switchboard by a partial number', () => {
    const stored = '030 2312574-0';
    const digits = searchDigits(normalizeStored(stored, DE).e164, stored);
    for (const query of ['2312', '2312574', '0302312574', '49302312574', '23125740']) {
      expect(digits.some((d) => d.includes(query))).toBe(true);
    }
  });
});
