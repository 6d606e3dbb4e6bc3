import { foldForSearch } from '../search-fold.js';
import { CANDIDATES, GLOB_SPECIAL, searchTerms } from '../search-terms.js';

// Ranking is shared with the PostgreSQL store.
export { CANDIDATES, rankCandidates } from '../search-terms.js';

/**
 * Turn what an agent types into a query over the trigram index. Kept apart from the repository
 * so the quoting rules are testable without a database; how the input is read (German
 * spellings, bare digits, short prefixes) is shared with the PostgreSQL store
 * (../search-terms.ts).
 *
 * The index (migration 14) keeps no token positions (`detail=none`), which halves what every
 * bulk write adds to it; FTS5 then answers substring search through GLOB only: the trigrams of
 * the pattern find the candidates, and SQLite checks each against the pattern. The text is
 * folded (case, diacritics) by us, in the index and in the query alike (search-fold.ts), so a
 * case-sensitive GLOB is exact.
 *
 * Every query is bounded: at most CANDIDATES index rows are read, in index order, and only those
 * are ranked (rankCandidates).
 */
export type SearchQuery = { kind: 'prefix'; sql: string; params: string[] } | { kind: 'fts'; sql: string; params: string[]; text: string };

export function searchQuery(input: string): SearchQuery | null {
  const terms = searchTerms(input);
  if (!terms) return null;
  if (terms.kind === 'prefix') {
    return { kind: 'prefix', sql: `SELECT customer_no FROM customers WHERE customer_no GLOB ? ORDER BY customer_no LIMIT ?`, params: [`${globEscape(terms.prefix)}*`] };
  }
  // Every fragment has a run of three plain characters (searchTerms): the index answers it.
  const patterns = terms.fragments.map((f) => `*${globEscape(foldForSearch(f))}*`);
  return {
    kind: 'fts',
    sql: `SELECT customer_no, body FROM customer_search WHERE ${patterns.map(() => 'body GLOB ?').join(' OR ')} LIMIT ${CANDIDATES}`,
    params: patterns,
    text: terms.text,
  };
}

/** `*`, `?`, `[` and `]` match themselves: each becomes a one-character class. */
function globEscape(s: string): string {
  return s.replace(GLOB_SPECIAL, (c) => `[${c}]`);
}
