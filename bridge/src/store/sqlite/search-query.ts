import { foldGerman } from './search-fold.js';

/**
 * Turn what an agent types into an FTS5 query over the trigram index. Kept apart from the
 * repository so the quoting rules are testable without a database.
 *
 * - 3+ characters: a trigram phrase match finds any fragment ("welt" -> Welter, "2312" -> 030 2312574).
 *   The query is spelled out as the index is (`müller` -> `mueller`, `straße` -> `strasse`, see
 *   search-fold.ts), so either spelling finds either.
 * - Input that looks like a phone number also searches its bare digits ("030 / 2312" -> "0302312").
 * - 1-2 characters: trigrams cannot answer, so only customer numbers starting with it.
 *
 * Every query is bounded: at most CANDIDATES index rows are read, in index order, and only those
 * are ranked (rankCandidates). FTS5's own `ORDER BY rank` would first visit every match to count
 * it (bm25 needs the totals): 150 ms for a common fragment at 100,000 customers, on the event loop.
 */
export const CANDIDATES = 200;

export type SearchQuery =
  | { kind: 'prefix'; sql: string; params: string[] }
  | { kind: 'fts'; sql: string; params: string[]; text: string };

export function searchQuery(input: string): SearchQuery | null {
  // FTS5 reads a query string only up to a NUL: `"ab\0cd"` fails as an unterminated string.
  const text = input.replace(/\0/g, '').trim().replace(/\s+/g, ' ');
  if (text.length === 0) return null;
  if (text.length < 3) {
    return { kind: 'prefix', sql: `SELECT customer_no FROM customers WHERE customer_no GLOB ? ORDER BY customer_no LIMIT ?`, params: [`${globEscape(text)}*`] };
  }
  const phrases = [foldGerman(text)];
  if (/^[\d\s()+/.-]+$/.test(text)) {
    const digits = text.replace(/\D/g, '');
    if (digits.length >= 3 && digits !== text) phrases.push(digits);
  }
  const match = phrases.map((p) => `"${p.replace(/"/g, '""')}"`).join(' OR ');
  return {
    kind: 'fts',
    sql: `SELECT customer_no, body FROM customer_search WHERE customer_search MATCH ? LIMIT ${CANDIDATES}`,
    params: [match],
    text,
  };
}

const SEPARATOR = ' \u2022 ';

/**
 * The best `limit` of a bounded candidate set: the customer number itself, then a field that
 * starts with the query, then a word that does, then any fragment; shorter entries first
 * (a fragment is more of a short name than of a long one), then by customer number.
 */
export function rankCandidates(text: string, candidates: readonly { customer_no: string; body: string }[], limit: number): string[] {
  // The indexed text already holds the spelled-out form of every umlaut (search-fold.ts), so
  // comparing it lower-cased with the spelled-out query is enough, and cheap: this runs on
  // every candidate.
  const q = foldGerman(text).toLowerCase();
  const wordStart = new RegExp(`[\\s,.@/-]${q.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`);
  const scored = candidates.map((c) => {
    const body = c.body.toLowerCase();
    const score =
      c.customer_no.toLowerCase() === q ? 0 : body.startsWith(q) || body.includes(SEPARATOR + q) ? 1 : wordStart.test(body) ? 2 : 3;
    return { no: c.customer_no, score, length: body.length };
  });
  scored.sort((a, b) => a.score - b.score || a.length - b.length || (a.no < b.no ? -1 : a.no > b.no ? 1 : 0));
  return scored.slice(0, limit).map((s) => s.no);
}

function globEscape(s: string): string {
  return s.replace(/[*?[\]]/g, (c) => `[${c}]`);
}
