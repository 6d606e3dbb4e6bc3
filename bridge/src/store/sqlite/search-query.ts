import { searchTerms } from '../search-terms.js';

/**
 * Turn what an agent types into an FTS5 query over the trigram index. Kept apart from the
 * repository so the quoting rules are testable without a database; how the input is read is
 * shared with the PostgreSQL store (../search-terms.ts).
 */
export function searchQuery(input: string): { sql: string; params: string[] } | null {
  const terms = searchTerms(input);
  if (!terms) return null;
  if (terms.kind === 'prefix') {
    return { sql: `SELECT customer_no FROM customers WHERE customer_no GLOB ? ORDER BY customer_no LIMIT ?`, params: [`${globEscape(terms.prefix)}*`] };
  }
  const match = terms.fragments.map((p) => `"${p.replace(/"/g, '""')}"`).join(' OR ');
  return {
    sql: `SELECT customer_no FROM customer_search WHERE customer_search MATCH ? ORDER BY rank LIMIT ?`,
    params: [match],
  };
}

function globEscape(s: string): string {
  return s.replace(/[*?[\]]/g, (c) => `[${c}]`);
}
