import type { SyncRepo, SyncSweep } from '../store.js';
import { decodeSyncRecord } from '../sync-rules.js';
import type { Db } from './database.js';
import { newSweepCursor, SqliteSyncWriter } from './sync-writer.js';

/** Rows removed per transaction at the end of a full sync: a customer takes its contacts, numbers,
 * documents, conversations, calls and search row with it, so a page stays near the 10 ms slice. */
const SWEEP_PAGE = 100;

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * The bulk write path on the store's own connection, for an in-memory database (which a thread
 * cannot share; files use write-thread.ts). Each `write` is one synchronous transaction, so
 * callers size batches to stay within the event-loop budget; the end of a full sync removes in
 * pages and lets the event loop turn between them.
 */
export function sqliteSyncRepo(db: Db): SyncRepo {
  const writer = new SqliteSyncWriter(db);
  return {
    begin: async (options) => {
      const session = writer.begin(options);
      let open = true;
      const ensureOpen = () => {
        if (!open) throw new Error('this sync session has ended');
      };
      return {
        blocksEventLoop: true,
        write: async (records) => {
          ensureOpen();
          return writer.write(session, records.map(decodeSyncRecord));
        },
        finish: async () => {
          ensureOpen();
          open = false;
          const total: SyncSweep = { customers: 0, documents: 0, conversations: 0 };
          const cursor = newSweepCursor();
          try {
            for (;;) {
              const { done, removed } = writer.finishStep(session, SWEEP_PAGE, cursor);
              total.customers += removed.customers;
              total.documents += removed.documents;
              total.conversations += removed.conversations;
              if (done) return total;
              await turn();
            }
          } finally {
            writer.end(session);
          }
        },
        abort: async () => {
          if (!open) return;
          open = false;
          writer.end(session);
        },
      };
    },
  };
}
