import { z } from 'zod';
import { conversationInputSchema, customerInputSchema, customerNoSchema, documentInputSchema } from './customer.js';
import type { Parsed } from './validate.js';

/**
 * The bulk sync API (`POST /api/sync`, NDJSON) and the connectors speak the same lines. Each line
 * is one JSON object with exactly one of these keys:
 *
 *   {"customer": {"customerNo": "10023", "company": "...", "phones": [...], "contacts": [...]}}
 *   {"document": {"customerNo": "10023", "documentNo": "RE-2026-0412", "kind": "invoice", ...}}
 *   {"conversation": {"customerNo": "10023", "conversationId": "crm-881", "at": "...", ...}}
 *   {"deleteCustomer": "10023"}
 *   {"deleteDocument": {"customerNo": "10023", "documentNo": "RE-2026-0412"}}
 *
 * The payloads are the single-record API's inputs plus their keys, so a field means the same in
 * both APIs.
 */

/** Source ids name who owns a record: `erp`, `carddav-office`. Short and printable. */
export const syncSourceSchema = z
  .string()
  .min(1, 'source is required')
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'source may contain letters, digits, ".", "_" and "-"');

export const syncCustomerSchema = customerInputSchema.safeExtend({ customerNo: customerNoSchema });

export const syncDocumentSchema = documentInputSchema.extend({ customerNo: customerNoSchema, documentNo: customerNoSchema });

export const syncConversationSchema = conversationInputSchema.extend({
  customerNo: customerNoSchema,
  /**
   * The source's own id for this conversation. Without it the conversation is known by its
   * content: sending it again is "unchanged", sending it edited adds a new one (and a full sync
   * removes the old one, which it no longer mentions).
   */
  conversationId: z.string().trim().min(1).max(128).optional(),
});

export const syncDocumentKeySchema = z.object({ customerNo: customerNoSchema, documentNo: customerNoSchema });

/** Line kinds and the schema of their payload. */
export const syncLineSchemas = {
  customer: syncCustomerSchema,
  document: syncDocumentSchema,
  conversation: syncConversationSchema,
  deleteCustomer: customerNoSchema,
  deleteDocument: syncDocumentKeySchema,
} as const;

export type SyncLineKind = keyof typeof syncLineSchemas;
export const SYNC_LINE_KINDS = Object.keys(syncLineSchemas) as SyncLineKind[];

/** A validated line. */
export type SyncLine = {
  [K in SyncLineKind]: { [P in K]: z.output<(typeof syncLineSchemas)[K]> };
}[SyncLineKind];

/** A line as a producer writes it (defaults not yet applied): what connectors hand to the sync. */
export type SyncLineInput = {
  [K in SyncLineKind]: { [P in K]: z.input<(typeof syncLineSchemas)[K]> };
}[SyncLineKind];

/** The whole line as one zod schema, for producers that want to check their own output. */
export const syncLineSchema = z.union([
  z.strictObject({ customer: syncCustomerSchema }),
  z.strictObject({ document: syncDocumentSchema }),
  z.strictObject({ conversation: syncConversationSchema }),
  z.strictObject({ deleteCustomer: customerNoSchema }),
  z.strictObject({ deleteDocument: syncDocumentKeySchema }),
]);

/**
 * Validate one line and name the offending field as a path from the line's root
 * (`customer.contacts.0.email`). Dispatching on the key first gives that exact path, where the
 * union above would only say that no member matched.
 */
export function parseSyncLine(value: unknown): Parsed<SyncLine> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, field: '(line)', message: 'a line must be a JSON object' };
  }
  const keys = Object.keys(value);
  if (keys.length !== 1 || !Object.hasOwn(syncLineSchemas, keys[0]!)) {
    return { ok: false, field: '(line)', message: `a line has exactly one of the keys ${SYNC_LINE_KINDS.join(', ')}` };
  }
  const kind = keys[0] as SyncLineKind;
  const result = syncLineSchemas[kind].safeParse((value as Record<string, unknown>)[kind]);
  if (result.success) return { ok: true, value: { [kind]: result.data } as SyncLine };
  const issue = result.error.issues[0];
  const field = [kind, ...(issue?.path ?? []).map(String)].join('.');
  return { ok: false, field, message: issue?.message ?? 'invalid input' };
}

export interface SyncCounts {
  created: number;
  updated: number;
  deleted: number;
  unchanged: number;
  failed: number;
}

export interface SyncLineError {
  /** Counted from 1, blank lines included, as an editor numbers them. */
  line: number;
  /** Path from the line's root (`customer.contacts.0.email`), or `(line)` for the line itself. */
  field: string;
  message: string;
}

/** The answer of `POST /api/sync` and the result of a connector run. */
export interface SyncReport {
  source: string;
  full: boolean;
  /**
   * true when the whole stream arrived. A stream that broke off (cut connection, invalid UTF-8)
   * keeps the lines written before the break but deletes nothing a full sync would have removed.
   */
  complete: boolean;
  /** Why the run stopped early, in plain words; null when complete. */
  error: string | null;
  /**
   * What stopped it: `stream` (the input broke off or was not UTF-8: the sender's side) or
   * `store` (the database refused: ours). null when complete.
   */
  stoppedBy: 'stream' | 'store' | null;
  /** Lines read, blank ones included. */
  lines: number;
  customers: SyncCounts;
  documents: SyncCounts;
  conversations: SyncCounts;
  /** Lines that were not a known kind at all (not JSON, no or several keys). */
  invalidLines: number;
  /** The first 1,000 line errors, in stream order. */
  errors: SyncLineError[];
  durationMs: number;
}

export const MAX_SYNC_ERRORS = 1000;
