import type { SyncOutcome } from './store.js';

/**
 * A batch that failed after some of its transactions were committed (a full disk, a lost
 * connection, a constraint the database enforces): `written` holds the outcomes of the records
 * that were committed, in order, a prefix of the batch. The rest was not written. Thrown by a
 * store's `SyncSession.write` so the report counts what is really stored, not nothing.
 */
export class PartialWriteError extends Error {
  override readonly name = 'PartialWriteError';

  constructor(
    message: string,
    readonly written: SyncOutcome[],
  ) {
    super(message);
  }
}

/** `err` as thrown by a batch of which `written` was committed: a PartialWriteError if anything was. */
export function partialWrite(err: unknown, written: SyncOutcome[]): Error {
  const message = err instanceof Error ? err.message : String(err);
  if (written.length === 0) return err instanceof Error ? err : new Error(message);
  return new PartialWriteError(message, written);
}
