import type { SyncLineInput, SyncReport } from '@ringside/shared';
import type { SyncLocks } from '../sync/index.js';

/**
 * One record of a sync stream, as `POST /api/sync` takes it (one NDJSON line each). Connectors
 * produce these; the write path validates, writes and counts them.
 */
export type SyncLine = SyncLineInput;

/**
 * The write path a connector run goes through: a full sync of `source` from `ndjson`, the
 * run's spooled lines. `locks` hands out the lease the run already holds. A report with
 * `complete: false` (or a rejection) means nothing was removed.
 */
export type SyncTarget = (source: string, ndjson: AsyncIterable<Uint8Array>, locks: SyncLocks) => Promise<SyncReport>;
