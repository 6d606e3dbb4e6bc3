import { parentPort, workerData } from 'node:worker_threads';
import type { SyncOutcome, SyncRecordIn, SyncSweep } from '../store.js';
import { decodeSyncRecord } from '../sync-rules.js';
import { openDatabase } from './database.js';
import { finishInSteps, SqliteSyncWriter } from './sync-writer.js';
import type { WriteReply, WriteRequest, WriteThreadData } from './write-thread-protocol.js';
import { WriteTurnstile } from './write-turnstile.js';
import { lowerThreadPriority } from '../../util/thread-priority.js';
import { PartialWriteError, partialWrite } from '../partial-write.js';

/**
 * The SQLite write thread: bulk writes (sync, import) on a connection of its own, so the event
 * loop never runs them. The connection holds the data file only: the journal's lock belongs to
 * the event loop (a removed customer's calls are deleted there, from the numbers each reply
 * carries). Transactions are kept short (TXN_MS) because the event loop's own
 * writes wait for the one in progress (write-turnstile.ts); the WAL is checkpointed here, between
 * transactions, instead of inside some commit of the event loop.
 */
const { file, turnstile: shared } = workerData as WriteThreadData;
const port = parentPort!;
// Bulk work: the event loop gets the CPU first whenever a popup needs it.
lowerThreadPriority();
const turnstile = new WriteTurnstile(shared);
const db = openDatabase(file, { role: 'writer' });
// Checkpoints are run explicitly below, outside the writer's turn.
db.pragma('wal_autocheckpoint = 0');
const writer = new SqliteSyncWriter(db, 'later');

/**
 * How long one transaction may hold the data file. The event loop's writes to that file (a
 * customer edit, a note) wait for at most this, without blocking; the journal never waits. Each
 * commit writes a new search-index segment that later merges rewrite, so longer transactions
 * mean less merging: 1,000,000 customers took 67 s at 50 ms and 60 s at 150 ms (one process,
 * quiet machine).
 */
const TXN_MS = 150;
/**
 * Checkpoint at most this often while writing. The WAL grows by some 10 to 20 MB in that time;
 * checking its page count would itself cost a checkpoint call, and checkpointing more often
 * copies the same hot pages (index roots, the search index's newest segment) again and again
 * (every 250 ms, the checkpoints took 11% of the thread's time).
 */
const CHECKPOINT_EVERY_MS = 1000;

let msPerRecord = 0.05;
let lastCheckpoint = performance.now();

function inTurn<T>(work: () => T): T {
  turnstile.beginTxn();
  try {
    return work();
  } finally {
    turnstile.endTxn();
    checkpointIfDue();
  }
}

function checkpointIfDue(): void {
  if (performance.now() - lastCheckpoint < CHECKPOINT_EVERY_MS) return;
  // A passive checkpoint never takes the writer's lock: the event loop may write meanwhile.
  db.pragma('wal_checkpoint(PASSIVE)');
  lastCheckpoint = performance.now();
}

/** The batch in transactions of about TXN_MS each, sized from the cost per record so far. */
function write(session: number, records: SyncRecordIn[]): SyncOutcome[] {
  const out: SyncOutcome[] = [];
  try {
    for (let i = 0; i < records.length; ) {
      const n = Math.max(10, Math.min(2000, Math.floor(TXN_MS / msPerRecord)));
      // Decoded before the transaction: the writer's turn is for the database only.
      const part = records.slice(i, i + n).map(decodeSyncRecord);
      const started = performance.now();
      out.push(...inTurn(() => writer.write(session, part)));
      msPerRecord = 0.7 * msPerRecord + (0.3 * (performance.now() - started)) / part.length;
      i += part.length;
    }
  } catch (err) {
    // The transactions before this one are committed: say which records they held.
    throw partialWrite(err, out);
  }
  return out;
}

async function handle(req: WriteRequest): Promise<number | SyncOutcome[] | SyncSweep | null> {
  switch (req.op) {
    case 'begin':
      return writer.begin(req.options);
    case 'write':
      return write(req.session, req.records);
    case 'finish':
      return finishInSteps(writer, req.session, inTurn);
    case 'end':
      writer.end(req.session);
      return null;
    case 'stop':
      // The event loop's connection checkpoints again once this thread is gone: leave it a short WAL.
      db.pragma('wal_checkpoint(PASSIVE)');
      db.close();
      return null;
  }
}

port.on('message', (req: WriteRequest) => {
  handle(req).then(
    (value) => port.postMessage({ id: req.id, ok: true, value, removed: writer.takeRemoved() } satisfies WriteReply),
    (err: unknown) =>
      port.postMessage({
        id: req.id,
        ok: false,
        error: err instanceof Error ? err.message : String(err),
        written: err instanceof PartialWriteError ? err.written : [],
        removed: writer.takeRemoved(),
      } satisfies WriteReply),
  );
});
