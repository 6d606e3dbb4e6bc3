import type { ConversationInput, CustomerInput, DocumentInput, SyncKindCounts } from '@ringside/shared';

/**
 * One record of a sync stream, as `POST /api/sync` takes it (one NDJSON line each). Connectors
 * produce these; the write path validates, writes and counts them.
 */
export type SyncLine =
  | { customer: CustomerInput & { customerNo: string } }
  | { document: DocumentInput & { customerNo: string; documentNo: string } }
  | { conversation: ConversationInput & { customerNo: string } };

export interface SyncOutcome {
  counts: Record<string, SyncKindCounts>;
  /** Lines the write path refused (bad records); the rest were written. */
  errors: Array<{ line: number; field: string; message: string }>;
}

/**
 * The write path a connector run goes through: a full sync of `source`. It must reject (and
 * then remove nothing) when `lines` throws, so a run that fails half-way leaves what was there.
 */
export type SyncTarget = (source: string, lines: AsyncIterable<SyncLine>) => Promise<SyncOutcome>;
