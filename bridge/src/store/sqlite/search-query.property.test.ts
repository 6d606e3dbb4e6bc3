import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openDatabase } from './database.js';
import { rankCandidates, searchQuery, type SearchQuery } from './search-query.js';

/**
 * Agents type anything into the search box (and a socket client sends anything as `q`): the
 * query built from it always runs against the trigram index; it never becomes an SQLite error
 * (which the HTTP layer would answer with a 500 and the socket with an internal error).
 */
const RUNS = 10_000;
/** Generous: 10,000 runs on a busy 2-core machine, next to other test files. */
const TIMEOUT_MS = 120_000;

describe('searchQuery on arbitrary input', () => {
  it('builds a query SQLite runs without error', () => {
    // The real schema (the index as migrated), with the text as the write path folds it.
    const db = openDatabase(':memory:');
    db.exec(`
      INSERT INTO customers (id, customer_no, created_at, updated_at) VALUES (1, 'K-1', '', ''), (2, 'K-2', '', '');
      INSERT INTO customer_search (rowid, customer_no, body) VALUES
        (1, 'K-1', ringside_search_fold('Welter Dachbau GmbH • Jonas Welter • +49302312574 • 0302312574')),
        (2, 'K-2', ringside_search_fold('Müller "Söhne" OR NEAR [*?] • Mueller "Soehne" OR NEAR [*?]'));
    `);
    const run = (built: SearchQuery): unknown[] =>
      built.kind === 'prefix'
        ? db.prepare(built.sql).pluck().all(...built.params, 20)
        : rankCandidates(built.text, db.prepare(built.sql).all(...built.params) as { customer_no: string; body: string }[], 20);
    const pieces = fc.constantFrom('"', "'", '*', '?', '[', ']', '(', ')', ':', '^', '-', '+', 'OR', 'AND', 'NOT', 'NEAR', '\u0000', '\\', '%', '_', ' ', 'welt', '030', 'ü', 'ß', 'ẞ', 'u\u0308', '😀', '\ud800');
    const query = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 30 }).map((cs) => String.fromCharCode(...cs)),
      fc.array(pieces, { maxLength: 12 }).map((p) => p.join('')),
    );
    fc.assert(
      fc.property(query, (q) => {
        const built = searchQuery(q);
        if (built === null) return;
        const rows = run(built);
        for (const r of rows) expect(['K-1', 'K-2']).toContain(r);
      }),
      { numRuns: RUNS },
    );
    // A NUL is dropped, not an error: the rest of the query still finds.
    expect(run(searchQuery('we\u0000lt')!)).toEqual(['K-1']);
    // Folded like the index: either spelling, any case, finds; GLOB's special characters match
    // themselves; a fragment with no three characters between them is not searched (searchTerms).
    for (const q of ['Söhne', 'SOEHNE', 'sohne', 'or near [*', 'NEAR [*?]']) expect(run(searchQuery(q)!), q).toEqual(['K-2']);
    expect(run(searchQuery('030 / 2312')!)).toEqual(['K-1']);
    expect(searchQuery('[*?]')).toBeNull();
    expect(searchQuery('ab*')).toBeNull();
    db.close();
  }, TIMEOUT_MS);
});
