/** The bulk sync: `/api/sync`, the connectors and the CSV/vCard import write through here. */
export { runSync, runSyncOfBytes, type SyncDeps, type SyncInput, type SyncRunOptions } from './run-sync.js';
export { heldLock, LEASE_TTL_MS, SourceLocks, SyncBusyError, type SourceLock, type SyncLocks } from './source-locks.js';
export { BrokenStreamError, LINE_TOO_LONG, MAX_LINE_BYTES, ndjsonLines } from './ndjson-lines.js';
export { recordDigest } from './record-digest.js';
