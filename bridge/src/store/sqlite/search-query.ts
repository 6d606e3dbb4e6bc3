/**
 * Turn what an agent types into an FTS5 query over the trigram index. Kept apart from the
 * repository so the quoting rules are testable without a database.
 *
 * - 3+ characters: a trigram phrase match finds any fragment ("welt" -> Welter, "2312" -> 030 2312574).
 * - Input that looks like a phone number also searches its bare digits ("030 / 2312" -> "0302312").
 * - 1-2 characters: trigrams cannot answer, so only customer numbers starting with it.
 */
export function searchQuery(input: string): { sql: string; params: string[] } | null {
  // FTS5 reads a query string only up to a NUL: `"ab\0cd"` fails as an unterminated string.
  const text = input.replace(/\0/g, '').trim().replace(/\s+/g, ' ');
  if (text.length === 0) return null;
  if (text.length < 3) {
    return { sql: `SELECT customer_no FROM customers WHERE customer_no GLOB ? ORDER BY customer_no LIMIT ?`, params: [`${globEscape(text)}*`] };
  }
  const phrases = [text];
  if (/^[\d\s()+/.-]+$/.test(text)) {
    const digits = text.replace(/\D/g, '');
    if (digits.length >= 3 && digits !== text) phrases.push(digits);
  }
  const match = phrases.map((p) => `"${p.replace(/"/g, '""')}"`).join(' OR ');
  return {
    sql: `SELECT customer_no FROM customer_search WHERE customer_search MATCH ? ORDER BY rank LIMIT ?`,
    params: [match],
  };
}

function globEscape(s: string): string {
  return s.replace(/[*?[\]]/g, (c) => `[${c}]`);
}
