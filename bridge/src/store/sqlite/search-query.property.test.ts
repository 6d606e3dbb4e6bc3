import Database from 'better-sqlite3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
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
    const db = new Database(':memory:');
    db.exec(`
      CREATE TABLE customers (customer_no TEXT NOT NULL UNIQUE);
      CREATE VIRTUAL TABLE customer_search USING fts5(customer_no UNINDEXED, body, tokenize = 'trigram remove_diacritics 1');
      INSERT INTO customers VALUES ('K-1'), ('K-2');
      INSERT INTO customer_search VALUES ('K-1', 'Welter Dachbau GmbH Jonas Welter 0302312574 +49302312574'), ('K-2', 'Müller "Söhne" OR NEAR • Mueller "Soehne" OR NEAR');
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
    db.close();
  }, TIMEOUT_MS);
});
