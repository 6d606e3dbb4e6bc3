import { searchTerms } from '../search-terms.js';

/**
 * Case and diacritics folding for the PostgreSQL search column and its queries, done here
 * rather than with lower()/unaccent() in SQL so the result is the SQLite trigram tokenizer's
 * (`remove_diacritics 1`): lower() follows the database's LC_CTYPE (a "C" database would not
 * fold Ü), and unaccent's rules also rewrite letters SQLite keeps (ø -> o, æ -> ae, ł -> l),
 * which would make the two stores find different customers.
 */
export function foldForSearch(text: string): string {
  return text
    .normalize('NFD')
    .replace(/(\p{Script=Latin})\p{M}+/gu, '$1')
    .normalize('NFC')
    .toLowerCase();
}

/** Matches ranked per search at most; a search box shows a few dozen. */
const MAX_RANKED = 2000;

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The query for what an agent typed; `$n` placeholders, the limit last. */
export function pgSearchQuery(input: string): { sql: string; params: string[] } | null {
  const terms = searchTerms(input);
  if (!terms) return null;
  if (terms.kind === 'prefix') {
    return {
      sql: `SELECT customer_no FROM customers WHERE customer_no LIKE $1 ORDER BY customer_no LIMIT $2`,
      params: [`${likeEscape(terms.prefix)}%`],
    };
  }
  const folded = terms.fragments.map(foldForSearch);
  const where = folded.map((_, i) => `search_text LIKE $${i + 1}`).join(' OR ');
  const q = folded.length + 1;
  // Closest first: trigram similarity favours short texts the fragment makes up most of,
  // as SQLite's bm25 rank favours short documents. Only the first MAX_RANKED matches are
  // ranked, so a fragment half the customers contain ("gmbh") costs a bounded sort.
  return {
    sql: `SELECT customer_no FROM (SELECT customer_no, search_text FROM customers WHERE ${where} LIMIT ${MAX_RANKED}) m
          ORDER BY similarity(search_text, $${q}) DESC, customer_no LIMIT $${q + 1}`,
    params: [...folded.map((f) => `%${likeEscape(f)}%`), folded[0]!],
  };
}
