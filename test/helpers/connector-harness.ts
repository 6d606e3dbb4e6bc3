import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConnectorInput } from '@ringside/shared';
import { ConnectorCatalog } from '../../bridge/src/connectors/catalog.js';
import { ConnectorRunner } from '../../bridge/src/connectors/runner.js';
import type { SyncLine } from '../../bridge/src/connectors/sync-port.js';
import { openSqliteStore } from '../../bridge/src/store/sqlite/index.js';
import { SourceLocks, runSync } from '../../bridge/src/sync/index.js';
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
 * through the real write path into a temp SQLite store. What the connector produced is kept
 * too, to look at what it made of the source.
 */
const open: Array<() => Promise<void>> = [];

/** Close every harness this file opened (afterAll). */
export async function closeHarnesses(): Promise<void> {
  await Promise.all(open.splice(0).map((close) => close()));
}

export async function connectorHarness(input: ConnectorInput & { password?: string }) {
  const dir = mkdtempSync(join(tmpdir(), 'ringside-connector-'));
  const store = openSqliteStore(join(dir, 'ringside.sqlite'));
  const log = recordingLogger();
  const catalog = await ConnectorCatalog.load(store.settings, null);
  await catalog.save(null, input);
  const locks = new SourceLocks();
  let pulled: Pulled | null = null;
  const sync = (source: string, lines: AsyncIterable<SyncLine>) => {
    const got: Pulled = { customers: new Map(), documents: new Map(), conversations: [] };
    async function* tee(): AsyncGenerator<SyncLine> {
      for await (const line of lines) {
        if ('customer' in line) got.customers.set(line.customer.customerNo, line.customer);
        else if ('document' in line) got.documents.set(`${line.document.customerNo}/${line.document.documentNo}`, line.document);
        else if ('conversation' in line) got.conversations.push(line.conversation);
        yield line;
      }
      pulled = got;
    }
    return runSync({ store, numbering: NUMBERING, locks, log }, { source, full: true }, tee());
  };
  const runner = new ConnectorRunner({ catalog, settings: store.settings, sync, numbering: NUMBERING, log });
  const close = async () => {
    await runner.stop();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  };
  open.push(close);
  return {
    store,
    log,
    catalog,
    runner,
    /** Run once: the view as the console shows it, and what the connector produced (null when it failed). */
    async run() {
      pulled = null;
      const view = await runner.run(input.id);
      return { view, pulled: pulled as Pulled | null };
    },
  };
}
