import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConnectorInput } from '@ringside/shared';
import { ConnectorCatalog } from '../../bridge/src/connectors/catalog.js';
import { ConnectorRunner } from '../../bridge/src/connectors/runner.js';
import type { SyncTarget } from '../../bridge/src/connectors/sync-port.js';
import { openSqliteStore } from '../../bridge/src/store/sqlite/index.js';
import { ndjsonLines, runSyncOfBytes, SourceLocks } from '../../bridge/src/sync/index.js';
import { recordingLogger } from '../../bridge/src/testing/memory-settings.js';

const NUMBERING = { country: 'DE' as const, trunkPrefix: null };

/** What one run handed to the write path, by key. */
export interface Pulled {
  customers: Map<string, unknown>;
  documents: Map<string, unknown>;
  conversations: unknown[];
}

/**
 * A connector configured as in the console, run by the real runner against a real server,
 * through the real write path (its spool, then the worker-parsed byte path) into a temp SQLite
 * store. What the connector produced is kept too, to look at what it made of the source.
 */
const open: Array<() => Promise<void>> = [];

/** Close every harness this file opened (afterAll). */
export async function closeHarnesses(): Promise<void> {
  await Promise.all(open.splice(0).map((close) => close()));
}

/** The spooled lines as the write path got them, read back into records. */
async function readPulled(chunks: Uint8Array[]): Promise<Pulled> {
  const got: Pulled = { customers: new Map(), documents: new Map(), conversations: [] };
  for await (const text of ndjsonLines(chunks as unknown as AsyncIterable<Uint8Array>)) {
    if (typeof text !== 'string' || text === '') continue;
    const line = JSON.parse(text) as Record<string, { customerNo: string; documentNo?: string }>;
    if (line['customer']) got.customers.set(line['customer'].customerNo, line['customer']);
    else if (line['document']) got.documents.set(`${line['document'].customerNo}/${line['document'].documentNo}`, line['document']);
    else if (line['conversation']) got.conversations.push(line['conversation']);
  }
  return got;
}

/**
 * `input`: the connector, saved in a new store; or `{ file }` of another harness: one more
 * process on the same SQLite file (its own store handle, locks and runner), for races.
 */
export async function connectorHarness(input: (ConnectorInput & { password?: string }) | { file: string; id: string }) {
  const own = !('file' in input);
  const dir = own ? mkdtempSync(join(tmpdir(), 'ringside-connector-')) : null;
  const file = own ? join(dir!, 'ringside.sqlite') : input.file;
  const store = openSqliteStore(file);
  const log = recordingLogger();
  const catalog = await ConnectorCatalog.load(store.settings, null);
  if (own) await catalog.save(null, input);
  const locks = new SourceLocks(store.leases, { log });
  let pulled: Pulled | null = null;
  /** Set by a test to see (and hold up) the spooled bytes on their way to the write path. */
  let tap: ((chunk: Uint8Array) => Promise<void>) | null = null;
  const sync: SyncTarget = async (source, ndjson, held) => {
    const chunks: Uint8Array[] = [];
    async function* tee(): AsyncGenerator<Uint8Array> {
      for await (const chunk of ndjson) {
        chunks.push(chunk);
        await tap?.(chunk);
        yield chunk;
      }
    }
    const report = await runSyncOfBytes({ store, numbering: NUMBERING, locks: held, log }, { source, full: true }, tee());
    pulled = await readPulled(chunks);
    return report;
  };
  const runner = new ConnectorRunner({ catalog, settings: store.settings, locks, sync, numbering: NUMBERING, log });
  const close = async () => {
    await runner.stop();
    await store.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  };
  open.push(close);
  return {
    file,
    id: input.id,
    store,
    log,
    catalog,
    runner,
    locks,
    setTap(fn: ((chunk: Uint8Array) => Promise<void>) | null) {
      tap = fn;
    },
    /** Run once: the view as the console shows it, and what the connector produced (null when it failed). */
    async run() {
      pulled = null;
      const view = await runner.run(input.id);
      return { view, pulled: pulled as Pulled | null };
    },
  };
}
