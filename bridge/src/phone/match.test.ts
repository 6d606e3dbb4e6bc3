import { describe, expect, it } from 'vitest';
import { rankMatches, switchboardPrefixes, type PhoneRow } from './match.js';

const CALLER = '+4930231257421';
const MAIN = '+49302312574';
const SHORT_MAIN = '+4930231257';

let nextId = 1;
function row(customerNo: string, e164: string, opts: { contactId?: number | null; main?: boolean; phoneId?: number } = {}): PhoneRow {
  return { customerNo, e164, contactId: opts.contactId ?? null, main: opts.main ?? false, phoneId: opts.phoneId ?? nextId++ };
}

/** customerNo/contactId/level of each match, for compact expectations. */
const summary = (matches: ReturnType<typeof rankMatches>) =>
  matches.map((m) => `${m.level}:${m.row.customerNo}/${m.row.contactId ?? '-'}`);

describe('switchboardPrefixes', () => {
  it.each([
    [CALLER, ['+493023125742', MAIN, SHORT_MAIN, '+493023125', '+49302312', '+4930231', '+493023']],
    ['+431234567', ['+43123456', '+4312345', '+431234']],
    ['+12125551234', ['+1212555123', '+121255512', '+12125551', '+1212555', '+121255', '+12125']],
    ['+41446681800', ['+4144668180', '+414466818', '+41446681', '+4144668', '+414466']],
    // three-digit country code: +352 (Luxembourg) + 4 digits is the shortest
    ['+35227123456', ['+3522712345', '+352271234', '+35227123', '+3522712']],
  ])('%s -> %j', (e164, expected) => {
    expect(switchboardPrefixes(e164)).toEqual(expected);
  });

  it.each(['', '+', '+49', 'anonymous', '030 2312574', '4930231257421', '+0302312574', '+999123456789', '+49 30 2312574'])(
    'has none for %j',
    (e164) => {
      expect(switchboardPrefixes(e164)).toEqual([]);
    },
  );

  it('has none when the number is already at the minimum', () => {
    expect(switchboardPrefixes('+493023')).toEqual([]);
    expect(switchboardPrefixes('+4930231')).toEqual(['+493023']);
  });
});

describe('rankMatches', () => {
  it('exact beats switchboard', () => {
    const exact = [row('K100', CALLER, { contactId: 7 })];
    const mains = [row('K200', MAIN, { main: true })];
    expect(summary(rankMatches(CALLER, exact, mains))).toEqual(['exact:K100/7']);
  });

  it('returns every customer that has the exact number, in customer order', () => {
    const exact = [row('K300', CALLER), row('K100', CALLER, { contactId: 2 }), row('K200', CALLER, { contactId: 1 })];
    expect(summary(rankMatches(CALLER, exact, []))).toEqual(['exact:K100/2', 'exact:K200/1', 'exact:K300/-']);
  });

  it('keeps the company and each contact of one customer, company first, then by contact id', () => {
    const exact = [row('K100', CALLER, { contactId: 9 }), row('K100', CALLER, { contactId: 3 }), row('K100', CALLER)];
    expect(summary(rankMatches(CALLER, exact, []))).toEqual(['exact:K100/-', 'exact:K100/3', 'exact:K100/9']);
  });

  it('de-duplicates one customer+contact stored twice, keeping the lowest phone id', () => {
    const exact = [
      row('K100', CALLER, { contactId: 3, phoneId: 52 }),
      row('K100', CALLER, { contactId: 3, phoneId: 51 }),
      row('K100', CALLER, { phoneId: 60, main: true }),
      row('K100', CALLER, { phoneId: 61 }),
    ];
    const matches = rankMatches(CALLER, exact, []);
    expect(summary(matches)).toEqual(['exact:K100/-', 'exact:K100/3']);
    expect(matches.map((m) => m.row.phoneId)).toEqual([60, 51]);
  });

  it('falls back to the switchboard of a direct-dial caller', () => {
    const matches = rankMatches(CALLER, [], [row('K200', MAIN, { main: true })]);
    expect(summary(matches)).toEqual(['switchboard:K200/-']);
    expect(matches[0]?.row.e164).toBe(MAIN);
  });

  it('returns every customer sharing the switchboard', () => {
    const mains = [row('K300', MAIN, { main: true }), row('K200', MAIN, { main: true, contactId: 4 }), row('K100', MAIN, { main: true })];
    expect(summary(rankMatches(CALLER, [], mains))).toEqual(['switchboard:K100/-', 'switchboard:K200/4', 'switchboard:K300/-']);
  });

  it('prefers the longest main number over a shorter one', () => {
    const mains = [row('K100', SHORT_MAIN, { main: true }), row('K200', MAIN, { main: true }), row('K050', '+493023', { main: true })];
    expect(summary(rankMatches(CALLER, [], mains))).toEqual(['switchboard:K200/-']);
  });

  it('de-duplicates switchboard rows too', () => {
    const mains = [row('K200', MAIN, { main: true, phoneId: 9 }), row('K200', MAIN, { main: true, phoneId: 8 })];
    const matches = rankMatches(CALLER, [], mains);
    expect(matches.map((m) => m.row.phoneId)).toEqual([8]);
  });

  it('finds nothing without rows', () => {
    expect(rankMatches(CALLER, [], [])).toEqual([]);
  });

  it.each([
    ['a row that is not a main number', row('K100', MAIN, { main: false })],
    ['a main number that is not a prefix', row('K100', '+49302312575', { main: true })],
    ['the caller itself as main number in the main rows', row('K100', CALLER, { main: true })],
    ['a prefix below the minimum length', row('K100', '+4930', { main: true })],
    ['a longer number', row('K100', `${CALLER}1`, { main: true })],
  ])('ignores %s', (_label, r) => {
    expect(rankMatches(CALLER, [], [r])).toEqual([]);
  });

  it('ignores exact rows stored under another number', () => {
    expect(summary(rankMatches(CALLER, [row('K100', MAIN)], [row('K200', MAIN, { main: true })]))).toEqual([
      'switchboard:K200/-',
    ]);
  });

  it('orders by customer number code unit by code unit, whatever the input order', () => {
    const rows = [row('b', CALLER), row('B', CALLER), row('10', CALLER), row('9', CALLER), row('A-1', CALLER)];
    const expected = ['exact:10/-', 'exact:9/-', 'exact:A-1/-', 'exact:B/-', 'exact:b/-'];
    expect(summary(rankMatches(CALLER, rows, []))).toEqual(expected);
    expect(summary(rankMatches(CALLER, [...rows].reverse(), []))).toEqual(expected);
  });

  it('does not modify its inputs', () => {
    const exact = [row('K2', CALLER), row('K1', CALLER)];
    const before = structuredClone(exact);
    rankMatches(CALLER, exact, []);
    expect(exact).toEqual(before);
  });
});
