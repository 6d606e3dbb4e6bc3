import { parseSyncLine, type ConnectorInput, type SyncReport } from '@ringside/shared';
import { ConnectorCatalog } from '../../bridge/src/connectors/catalog.js';
import { ConnectorRunner } from '../../bridge/src/connectors/runner.js';
import type { SyncLine } from '../../bridge/src/connectors/sync-port.js';
import { memorySettings, recordingLogger } from '../../bridge/src/testing/memory-settings.js';

const NUMBERING = { country: 'DE' as const, trunkPrefix: null };

/** What one run handed to the write path, by key. */
export interface Pulled {
  customers: Map<string, unknown>;
  documents: Map<string, unknown>;
  conversations: unknown[];
  invalid: Array<{ field: string; message: string }>;
}

/**
 * A connector configured as in the console, run by the real runner against a real server. The
 * write path it streams into checks every line with the sync API's own schema and keeps them.
 */
export async function connectorHarness(input: ConnectorInput & { password?: string }) {
  const settings = memorySettings();
  const log = recordingLogger();
  const catalog = await ConnectorCatalog.load(settings, null);
  await catalog.save(null, input);
  let pulled: Pulled | null = null;
  const sync = async (source: string, lines: AsyncIterable<SyncLine>): Promise<SyncReport> => {
    const got: Pulled = { customers: new Map(), documents: new Map(), conversations: [], invalid: [] };
    for await (const line of lines) {
      const parsed = parseSyncLine(line);
      if (!parsed.ok) got.invalid.push({ field: parsed.field, message: parsed.message });
      else if ('customer' in parsed.value) got.customers.set(parsed.value.customer.customerNo, parsed.value.customer);
      else if ('document' in parsed.value) got.documents.set(`${parsed.value.document.customerNo}/${parsed.value.document.documentNo}`, parsed.value.document);
      else if ('conversation' in parsed.value) got.conversations.push(parsed.value.conversation);
    }
    pulled = got;
    const zero = { created: 0, updated: 0, deleted: 0, unchanged: 0, failed: 0 };
    return { source, full: true, complete: true, error: null, lines: 0, customers: zero, documents: zero, conversations: zero, invalidLines: 0, errors: [], durationMs: 0 };
  };
  const runner = new ConnectorRunner({ catalog, settings, sync, numbering: NUMBERING, log });
  return {
    settings,
    log,
    catalog,
    runner,
    /** Run once; the view as the console shows it, and what reached the write path. */
    async run() {
      pulled = null;
      const view = await runner.run(input.id);
      return { view, pulled: pulled as Pulled | null };
    },
  };
}
