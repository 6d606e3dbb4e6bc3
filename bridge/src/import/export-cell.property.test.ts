import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cell } from './export.js';

/**
 * Whatever a customer's notes say, an exported cell opened in a spreadsheet of any locale (split
 * at `;`, at `,` or at tabs, with line breaks) starts no cell with a formula: every piece the
 * cell can be cut into begins with something other than `=`, `@`, or a sign before a non-number.
 */
const RUNS = 10_000;

function formulaPieces(line: string): string[] {
  const out: string[] = [];
  for (const delimiter of [';', ',', '\t']) {
    for (const piece of line.split(/\r\n|\r|\n/).flatMap((l) => l.split(delimiter))) {
      const start = piece.replace(/^[ "]*/, '');
      if (/^[=@]/.test(start) || (/^[+-]/.test(start) && !/^[+-][ ()./-]*\d[\d ()./-]*"?$/.test(start))) out.push(piece);
    }
  }
  return out;
}

describe('exported cells in every spreadsheet locale', () => {
  it('never start a formula, whichever delimiter splits them', () => {
    const pieces = fc.constantFrom('=', '+', '-', '@', ',', ';', '\t', '\r', '\n', '"', ' ', 'HYPERLINK("http://x")', 'SUM(A1)', '030 2312574', '12', 'see ticket', "'", 'cmd|', 'ä');
    const text = fc.oneof(fc.string({ maxLength: 40 }), fc.array(pieces, { maxLength: 10 }).map((p) => p.join('')));
    fc.assert(
      fc.property(text, (value) => {
        expect(formulaPieces(cell(value))).toEqual([]);
      }),
      { numRuns: RUNS },
    );
  });

  it('leaves phone numbers and plain text readable', () => {
    expect(cell('+49 30 2312574')).toBe('+49 30 2312574');
    expect(cell('030 2312574-21, -22')).toBe('"030 2312574-21, -22"');
    expect(cell('see ticket,=HYPERLINK("http://x")')).toBe(`"see ticket,'=HYPERLINK(""http://x"")"`);
    expect(cell('\t=1')).toBe(`"'\t'=1"`);
    expect(cell('+')).toBe("'+");
  });
});
