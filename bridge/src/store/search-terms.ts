import { foldForSearch, foldGerman } from './search-fold.js';

/**
 * What an agent typed, read the same way by every store, so SQLite and PostgreSQL find the
 * same customers:
 * - 3+ characters: any fragment of the searchable text ("welt" -> Welter, "2312" -> 030 2312574).
 *   The fragment is spelled out as the index is (`müller` -> `mueller`, `straße` -> `strasse`,
 *   see search-fold.ts), so either spelling finds either.
 * - Input that looks like a phone number also searches its bare digits ("030 / 2312" -> "0302312").
 * - 1-2 characters: trigrams cannot answer, so only customer numbers starting with it.
 * - A fragment without three characters in a row other than `*`, `?`, `[` and `]` is not
 *   searched: SQLite's index reads a pattern's trigrams from the runs between those characters
 *   and would otherwise scan every row (store/sqlite/search-query.ts); PostgreSQL leaves it out
 *   too, so both stores find the same.
 */
export type SearchTerms = { kind: 'prefix'; prefix: string } | { kind: 'fragments'; fragments: string[]; text: string };

/**
 * Every search is bounded: a store reads at most CANDIDATES matching rows and ranks only those
 * (rankCandidates), instead of ranking every match of a common fragment.
 */
export const CANDIDATES = 200;
/** Each result is a card summary (three small queries): a caller's limit above this is capped. */
export const MAX_SEARCH_RESULTS = 50;

export function searchTerms(input: string): SearchTerms | null {
  // NUL ends a query string in FTS5 and is not allowed in PostgreSQL text: drop it.
  const text = input.replace(/\0/g, '').trim().replace(/\s+/g, ' ');
  if (text.length === 0) return null;
  if (text.length < 3) return { kind: 'prefix', prefix: text };
  const fragments = [foldGerman(text)];
  if (/^[\d\s()+/.-]+$/.test(text)) {
    const digits = text.replace(/\D/g, '');
    if (digits.length >= 3 && digits !== text) fragments.push(digits);
  }
  const searchable = fragments.filter(hasTrigram);
  return searchable.length > 0 ? { kind: 'fragments', fragments: searchable, text } : null;
}

/** Characters a GLOB pattern treats specially (the SQLite store escapes them). */
export const GLOB_SPECIAL = /[*?[\]]/g;

const hasTrigram = (fragment: string) => fragment.split(GLOB_SPECIAL).some((run) => [...run].length >= 3);

const SEPARATOR = ' \u2022 ';

/**
 * The best `limit` of a bounded candidate set: the customer number itself, then a field that
 * starts with the query, then a word that does, then any fragment; shorter entries first
 * (a fragment is more of a short name than of a long one), then by customer number. `text` as
 * typed; `candidates` with the folded index text.
 */
export function rankCandidates(text: string, candidates: readonly { customer_no: string; body: string }[], limit: number): string[] {
  // The indexed text is folded and holds the spelled-out form of every umlaut (search-fold.ts),
  // so comparing it with the spelled-out, folded query is enough, and cheap: this runs on every
  // candidate. Spelled out first: folding alone would make `müller` a `muller`, which misses
  // the customer written Mueller.
  const q = foldForSearch(foldGerman(text));
  const wordStart = new RegExp(`[\\s,.@/-]${q.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`);
  const scored = candidates.map((c) => {
    const body = c.body;
    const score =
      c.customer_no.toLowerCase() === q ? 0 : body.startsWith(q) || body.includes(SEPARATOR + q) ? 1 : wordStart.test(body) ? 2 : 3;
    return { no: c.customer_no, score, length: body.length };
  });
  scored.sort((a, b) => a.score - b.score || a.length - b.length || (a.no < b.no ? -1 : a.no > b.no ? 1 : 0));
  return scored.slice(0, limit).map((s) => s.no);
}
