import { foldForSearch } from '../search-fold.js';
import { CANDIDATES, searchTerms } from '../search-terms.js';

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export type PgSearchQuery = { kind: 'prefix'; sql: string; params: string[] } | { kind: 'fragments'; sql: string; params: string[]; text: string };

/**
 * The query for what an agent typed. Fragments read at most CANDIDATES matching rows, as the
 * SQLite store does, and rankCandidates (../search-terms.ts) orders them, so no common fragment
 * sorts a million rows.
 */
export function pgSearchQuery(input: string): PgSearchQuery | null {
  const terms = searchTerms(input);
  if (!terms) return null;
  if (terms.kind === 'prefix') {
    return { kind: 'prefix', sql: `SELECT customer_no FROM customers WHERE customer_no LIKE $1 ORDER BY customer_no LIMIT $2`, params: [`${likeEscape(terms.prefix)}%`] };
  }
  const folded = terms.fragments.map(foldForSearch);
  return {
    kind: 'fragments',
    sql: `SELECT customer_no, search_text AS body FROM customers WHERE ${folded.map((_, i) => `search_text LIKE $${i + 1}`).join(' OR ')} LIMIT ${CANDIDATES}`,
    params: folded.map((f) => `%${likeEscape(f)}%`),
    text: terms.text,
  };
}
