import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clean, cleanInFull } from './clean.js';

/**
 * clean() answers plain ASCII numbers (digits, spaces, `-`, `/`, `.`, a leading `+`) without the
 * general steps; cleanInFull() is the general path. Both must give the same verdict for every
 * text, above all for the plain ones and their near misses.
 */
const plainPieces = fc.constantFrom(...'0123456789', ' ', '  ', '-', ' - ', '/', '.', '-0', ' -0', '- 0', '+');
const nearMisses = fc.constantFrom('\t', '\u00a0', '(0)', '(', ')', '*', '#', '–', 'x', ':', 'tel:', '!', '０');
const plainish = fc.array(fc.oneof({ weight: 8, arbitrary: plainPieces }, { weight: 1, arbitrary: nearMisses }), { maxLength: 40 }).map((p) => p.join(''));

describe('clean() and cleanInFull() agree', () => {
  it('on numbers as ERPs export them, and on anything else', () => {
    fc.assert(
      fc.property(fc.oneof(plainish, fc.string({ maxLength: 130 }), fc.string({ unit: 'binary', maxLength: 40 })), (text) => {
        expect(clean(text)).toEqual(cleanInFull(text));
      }),
      { numRuns: 20_000 },
    );
  });

  it.each([
    ['030 2312574-0', { kind: 'dialable', plus: false, digits: '0302312574', star: false }],
    ['030 2312574 - 0 ', { kind: 'dialable', plus: false, digits: '0302312574', star: false }],
    ['0800-0', { kind: 'dialable', plus: false, digits: '08000', star: false }],
    ['+49 30 2312574-21', { kind: 'dialable', plus: true, digits: '4930231257421', star: false }],
    ['0170/123.45.67', { kind: 'dialable', plus: false, digits: '01701234567', star: false }],
    ['+ 49 30 2312574', { kind: 'dialable', plus: true, digits: '49302312574', star: false }],
    ['+', { kind: 'withheld' }],
  ])('%s', (text, expected) => {
    expect(clean(text)).toEqual(expected);
    expect(cleanInFull(text)).toEqual(expected);
  });
});
