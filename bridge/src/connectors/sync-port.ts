import type { SyncLineInput, SyncReport } from '@ringside/shared';

/**
 * One record of a sync stream, as `POST /api/sync` takes it (one NDJSON line each). Connectors
 * produce these; the write path validates, writes and counts them.
 */
export type SyncLine = SyncLineInput;

/**
 * The write path a connector run goes through: a full sync of `source`. When `lines` throws, the
 * report says `complete: false` (or the promise rejects) and nothing is removed.
 */
export type SyncTarget = (source: string, lines: AsyncIterable<SyncLine>) => Promise<SyncReport>;
