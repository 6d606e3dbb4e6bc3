import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { absentAsNull, emptyAsNull } from './validate.js';

/**
 * emptyAsNull/absentAsNull replace `schema.nullish().transform(...)` in the customer, document and
 * conversation schemas because they are cheaper. They must be the same to every caller: the same
 * value on success, the same issues (code, path, message) on failure, alone and inside an object
 * (where the path of an issue names the field). Compared with the classic transform on generated
 * values of every JSON type plus the strings those fields meet.
 */
const INNER = {
  text: z.string().trim().max(12),
  email: z.union([z.email({ pattern: z.regexes.unicodeEmail }), z.literal('')]),
  date: z.iso.date(),
  number: z.number().finite(),
  url: z.url({ protocol: /^https?$/ }),
};

const strings = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.constantFrom('', ' ', '  Müller  ', 'jürgen@müller.de', 'a@b', '2026-02-30', '2026-12-04', '14.03.1975', 'https://x.de/a', 'ftp://x.de', 'x'.repeat(13)),
);
const values = fc.oneof(strings, fc.constantFrom(null, undefined, NaN, Infinity, 0, 1.5, true, [], {}), fc.jsonValue());

/** What a caller can observe of a parse. */
function outcome(result: { success: boolean; data?: unknown; error?: { issues: { code: string; path: PropertyKey[]; message: string }[] } }) {
  return result.success
    ? { ok: true, data: result.data }
    : { ok: false, issues: result.error!.issues.map((i) => ({ code: i.code, path: i.path.map(String), message: i.message })) };
}

describe('emptyAsNull and absentAsNull are the classic transforms they replace', () => {
  for (const [name, inner] of Object.entries(INNER)) {
    const classicEmpty = inner.nullish().transform((v) => (v ? v : null));
    const classicAbsent = inner.nullish().transform((v) => v ?? null);

    it(`${name}: alone and as an object field`, () => {
      fc.assert(
        fc.property(values, (value) => {
          expect(outcome(emptyAsNull(inner).safeParse(value))).toEqual(outcome(classicEmpty.safeParse(value)));
          expect(outcome(absentAsNull(inner).safeParse(value))).toEqual(outcome(classicAbsent.safeParse(value)));
          const ours = z.object({ field: emptyAsNull(inner), other: absentAsNull(inner) });
          const theirs = z.object({ field: classicEmpty, other: classicAbsent });
          for (const input of [{ field: value, other: value }, { other: value }, { field: value }]) {
            expect(outcome(ours.safeParse(input))).toEqual(outcome(theirs.safeParse(input)));
          }
        }),
        { numRuns: 2000 },
      );
    });
  }

  it('empty text becomes null, and only where that was asked for', () => {
    expect(emptyAsNull(INNER.text).parse('   ')).toBeNull();
    expect(absentAsNull(INNER.text).parse('   ')).toBe('');
    expect(absentAsNull(INNER.number).parse(0)).toBe(0);
    expect(emptyAsNull(INNER.text).parse(undefined)).toBeNull();
  });
});
