import { CANDIDATES, searchTerms } from '../search-terms.js';

// Ranking is shared with the PostgreSQL store.
export { CANDIDATES, rankCandidates } from '../search-terms.js';

/**
 * Turn what an agent types into an FTS5 query over the trigram index. Kept apart from the
 * repository so the quoting rules are testable without a database; how the input is read
 * (German spellings, bare digits, short prefixes) is shared with the PostgreSQL store
 * (../search-terms.ts).
 *
 * Every query is bounded: at most CANDIDATES index rows are read, in index order, and only those
 * are ranked (rankCandidates). FTS5's own `ORDER BY rank` would first visit every match to count
 * it (bm25 needs the totals): 150 ms for a common fragment at 100,000 customers, on the event loop.
 */
export type SearchQuery =
  | { kind: 'prefix'; sql: string; params: string[] }
  | { kind: 'fts'; sql: string; params: string[]; text: string };

export function searchQuery(input: string): SearchQuery | null {
  const terms = searchTerms(input);
  if (!terms) return null;
  if (terms.kind === 'prefix') {
    return { kind: 'prefix', sql: `SELECT customer_no FROM customers WHERE customer_no GLOB ? ORDER BY customer_no LIMIT ?`, params: [`${globEscape(terms.prefix)}*`] };
  }
  // FTS5 reads a query string only up to a NUL: searchTerms() dropped it.
  const match = terms.fragments.map((p) => `"${p.replace(/"/g, '""')}"`).join(' OR ');
  return {
    kind: 'fts',
    sql: `SELECT customer_no, body FROM customer_search WHERE customer_search MATCH ? LIMIT ${CANDIDATES}`,
    params: [match],
    text: terms.text,
  };
}

function globEscape(s: string): string {
  return s.replace(/[*?[\]]/g, (c) => `[${c}]`);
}
