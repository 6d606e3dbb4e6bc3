import { parseSyncLine, type SyncLine, type SyncLineInput, type SyncLineKind } from '@ringside/shared';
import { normalizeCustomer } from '../customers/normalize-customer.js';
import type { NumberingConfig } from '../phone/normalize.js';
import type { SyncRecord } from '../store/store.js';
import { LINE_TOO_LONG, MAX_LINE_BYTES } from './ndjson-lines.js';
import { recordDigest } from './record-digest.js';

/** The kinds a report counts: a delete line counts with what it deletes. */
export type CountedKind = 'customers' | 'documents' | 'conversations';

export const countedKind: Record<SyncLineKind, CountedKind> = {
  customer: 'customers',
  deleteCustomer: 'customers',
  document: 'documents',
  deleteDocument: 'documents',
  conversation: 'conversations',
};

export type LineResult =
  | { ok: true; kind: CountedKind; record: SyncRecord }
  | {
      ok: false;
      /** null when the line was not even a known kind. */
      kind: CountedKind | null;
      field: string;
      message: string;
      /** The key the bad line named, so a full sync keeps what is stored under it. */
      keep: SyncRecord | null;
    };

/** One NDJSON line, or an object a connector produced, to a record the store writes. */
export function toRecord(line: string | SyncLineInput | typeof LINE_TOO_LONG, numbering: NumberingConfig): LineResult {
  if (line === LINE_TOO_LONG) return bad(null, '(line)', `longer than ${MAX_LINE_BYTES / 1024 / 1024} MB`, null);
  let value: unknown = line;
  if (typeof line === 'string') {
    try {
      value = JSON.parse(line);
    } catch (err) {
      return bad(null, '(line)', `not valid JSON: ${err instanceof Error ? err.message : String(err)}`, null);
    }
  }
  const parsed = parseSyncLine(value);
  if (!parsed.ok) {
    const kind = kindOf(value);
    return bad(kind && countedKind[kind], parsed.field, parsed.message, keepOf(value));
  }
  return { ok: true, ...fromLine(parsed.value, numbering) };
}

function fromLine(line: SyncLine, numbering: NumberingConfig): { kind: CountedKind; record: SyncRecord } {
  if ('customer' in line) {
    const { customerNo, ...input } = line.customer;
    const hash = recordDigest('customer', input, numbering);
    return { kind: 'customers', record: { kind: 'customer', customerNo, hash, customer: normalizeCustomer(input, numbering) } };
  }
  if ('document' in line) {
    const { customerNo, documentNo, ...document } = line.document;
    return { kind: 'documents', record: { kind: 'document', customerNo, documentNo, hash: recordDigest('document', document, numbering), document } };
  }
  if ('conversation' in line) {
    const { customerNo, conversationId, ...conversation } = line.conversation;
    const hash = recordDigest('conversation', conversation, numbering);
    // Without the source's id, the content is the identity (see syncConversationSchema).
    const key = conversationId !== undefined ? `id:${conversationId}` : `hash:${hash}`;
    return { kind: 'conversations', record: { kind: 'conversation', customerNo, key, hash, conversation } };
  }
  if ('deleteCustomer' in line) return { kind: 'customers', record: { kind: 'deleteCustomer', customerNo: line.deleteCustomer } };
  return { kind: 'documents', record: { kind: 'deleteDocument', ...line.deleteDocument } };
}

const bad = (kind: CountedKind | null, field: string, message: string, keep: SyncRecord | null): LineResult => ({
  ok: false,
  kind,
  field,
  message,
  keep,
});

function kindOf(value: unknown): SyncLineKind | null {
  if (typeof value !== 'object' || value === null) return null;
  const keys = Object.keys(value);
  return keys.length === 1 && Object.hasOwn(countedKind, keys[0]!) ? (keys[0] as SyncLineKind) : null;
}

/** The customer (and document) a bad customer or document line was about, if it says. */
function keepOf(value: unknown): SyncRecord | null {
  const kind = kindOf(value);
  if (kind !== 'customer' && kind !== 'document') return null;
  const payload = (value as Record<string, unknown>)[kind] as { customerNo?: unknown; documentNo?: unknown } | null;
  const customerNo = payload?.customerNo;
  if (typeof customerNo !== 'string' || customerNo.length === 0 || customerNo.length > 64) return null;
  if (kind === 'customer') return { kind: 'keep', customerNo };
  const documentNo = payload?.documentNo;
  return typeof documentNo === 'string' && documentNo.length > 0 && documentNo.length <= 64 ? { kind: 'keep', customerNo, documentNo } : null;
}
