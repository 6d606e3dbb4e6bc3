import type { MatchLevel } from '@ringside/shared';
import { parse } from './numbering.js';

/**
 * A stored main number shorter than country code + this many digits would make every caller of a
 * region a "switchboard" match.
 */
const MIN_MAIN_NATIONAL_DIGITS = 4;

/**
 * Every proper prefix of an E.164 number that could be a stored switchboard (main) number, longest
 * first. Stops at country code + 4 national digits so tiny prefixes never match. Used by the store
 * for ONE indexed query: `WHERE main = 1 AND e164 IN (...)`. Empty for anything that is not E.164.
 */
export function switchboardPrefixes(e164: string): string[] {
  if (typeof e164 !== 'string' || !/^\+[1-9]\d{1,16}$/.test(e164)) return [];
  // The country code's length decides the minimum; an unknown code means no trustworthy minimum.
  const callingCode = parse(e164)?.countryCallingCode;
  if (!callingCode || !e164.startsWith(`+${callingCode}`)) return [];
  const min = 1 + callingCode.length + MIN_MAIN_NATIONAL_DIGITS;
  const out: string[] = [];
  for (let len = e164.length - 1; len >= min; len--) out.push(e164.slice(0, len));
  return out;
}

export interface PhoneRow {
  customerNo: string;
  contactId: number | null;
  phoneId: number;
  e164: string;
  main: boolean;
}

export interface RankedMatch {
  level: MatchLevel;
  row: PhoneRow;
}

function compareRows(a: PhoneRow, b: PhoneRow): number {
  // Code-unit order, not localeCompare: the same on every machine whatever its locale.
  if (a.customerNo !== b.customerNo) return a.customerNo < b.customerNo ? -1 : 1;
  if (a.contactId !== b.contactId) {
    if (a.contactId === null) return -1;
    if (b.contactId === null) return 1;
    return a.contactId - b.contactId;
  }
  return a.phoneId - b.phoneId;
}

/** Sorted, one row per customer+contact; of duplicates the lowest phoneId stays so the choice is stable. */
function distinct(rows: PhoneRow[]): PhoneRow[] {
  const seen = new Set<string>();
  const out: PhoneRow[] = [];
  for (const row of [...rows].sort(compareRows)) {
    const key = `${row.customerNo}\u0000${row.contactId ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(row);
  }
  return out;
}

/**
 * Given the caller's e164, the rows stored under exactly that e164, and the main-number rows found
 * under its prefixes, decide the matches:
 * - exact rows first (all of them, every customer, never silently the first; one entry per
 *   customer+contact, de-duplicated);
 * - only if there is no exact row: the rows of the LONGEST matching main number, level
 *   'switchboard' (several customers sharing it -> all of them);
 * - otherwise [].
 * Deterministic order: customerNo (code units), then contactId with null first.
 */
export function rankMatches(e164: string, exactRows: PhoneRow[], mainRows: PhoneRow[]): RankedMatch[] {
  // The rows are re-checked against the contract so a sloppy query cannot produce a wrong card.
  const exact = exactRows.filter((r) => r.e164 === e164);
  if (exact.length > 0) return distinct(exact).map((row) => ({ level: 'exact', row }));

  const prefixes = new Set(switchboardPrefixes(e164));
  const mains = mainRows.filter((r) => r.main && prefixes.has(r.e164));
  if (mains.length === 0) return [];
  const longest = Math.max(...mains.map((r) => r.e164.length));
  return distinct(mains.filter((r) => r.e164.length === longest)).map((row) => ({ level: 'switchboard', row }));
}
