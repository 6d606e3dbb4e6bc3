import type { SyncOutcome, SyncRecordIn, SyncSessionOptions, SyncSweep } from '../store.js';

/**
 * The messages between the event loop and the SQLite write thread (write-thread.ts on the
 * event loop's side, write-thread-worker.ts on the thread's). Every request carries an id and
 * gets exactly one reply with that id.
 */
export type WriteRequest =
  | { id: number; op: 'begin'; options: SyncSessionOptions }
  | { id: number; op: 'write'; session: number; records: SyncRecordIn[] }
  | { id: number; op: 'finish'; session: number }
  | { id: number; op: 'end'; session: number }
  /** Checkpoint and close the thread's connection; the thread is terminated after the reply. */
  | { id: number; op: 'stop' };

export type WriteReply =
  | {
      id: number;
      ok: true;
      value: number | SyncOutcome[] | SyncSweep | null;
      /** Customers this request removed: the event loop deletes their calls from the journal. */
      removed: string[];
    }
  | {
      id: number;
      ok: false;
      error: string;
      /** A write that failed part-way: the outcomes of the records its committed transactions held. */
      written: SyncOutcome[];
      removed: string[];
    };

export interface WriteThreadData {
  file: string;
  /** The turnstile's shared memory (write-turnstile.ts). */
  turnstile: SharedArrayBuffer;
}
