import type { z } from 'zod';

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
