/**
 * What an agent typed, read the same way by every store, so SQLite and PostgreSQL find the
 * same customers:
 * - 3+ characters: any fragment of the searchable text ("welt" -> Welter, "2312" -> 030 2312574).
 * - Input that looks like a phone number also searches its bare digits ("030 / 2312" -> "0302312").
 * - 1-2 characters: trigrams cannot answer, so only customer numbers starting with it.
 */
export type SearchTerms = { kind: 'prefix'; prefix: string } | { kind: 'fragments'; fragments: string[] };

export function searchTerms(input: string): SearchTerms | null {
  // NUL ends a query string in FTS5 and is not allowed in PostgreSQL text: drop it.
  const text = input.replace(/\0/g, '').trim().replace(/\s+/g, ' ');
  if (text.length === 0) return null;
  if (text.length < 3) return { kind: 'prefix', prefix: text };
  const fragments = [text];
  if (/^[\d\s()+/.-]+$/.test(text)) {
    const digits = text.replace(/\D/g, '');
    if (digits.length >= 3 && digits !== text) fragments.push(digits);
  }
  return { kind: 'fragments', fragments };
}
