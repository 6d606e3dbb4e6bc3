import type { SyncRepo } from '../store.js';
import { decodeSyncRecord } from '../sync-rules.js';
import type { Db } from './database.js';
import { finishInSteps, SqliteSyncWriter } from './sync-writer.js';

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
          return finishInSteps(writer, session);
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
