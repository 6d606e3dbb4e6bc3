import type { z } from 'zod';
import * as core from 'zod/v4/core';

/** A validation outcome as a value: callers branch on `ok` instead of catching. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; field: string; message: string };

/**
 * Validate `input` against `schema` and name the first offending field as a dotted path
 * (`contacts.0.phones.1.number`), which is what an integrator needs to fix their payload.
 */
export function parseWith<S extends z.ZodType>(schema: S, input: unknown): Parsed<z.infer<S>> {
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, value: result.data };
  const issue = result.error.issues[0];
  const field = issue && issue.path.length > 0 ? issue.path.map(String).join('.') : '(body)';
  return { ok: false, field, message: issue?.message ?? 'invalid input' };
}

/**
 * A mapping that cannot fail, as a pipe stage: zod's core transform. The classic `.transform()`
 * hands every value an `addIssue` callback, built per value for transforms that report problems,
 * and that made a customer's eleven optional fields three quarters of validating a sync line.
 */
function mapping<I, O>(map: (value: I) => O): core.$ZodTransform<O, I> {
  // The constructor is typed for `unknown` in and out; the generics are this mapping's own.
  return new core.$ZodTransform({ type: 'transform', transform: (value) => map(value as I) }) as core.$ZodTransform<O, I>;
}

/** Optional: missing, null and `''` (after the schema's own trimming) all become null. */
export const emptyAsNull = <S extends z.ZodType>(schema: S) =>
  schema.nullish().pipe(mapping((value: z.output<S> | null | undefined) => (value ? value : null)));

/** Optional: missing and null become null. */
export const absentAsNull = <S extends z.ZodType>(schema: S) =>
  schema.nullish().pipe(mapping((value: z.output<S> | null | undefined) => value ?? null));
