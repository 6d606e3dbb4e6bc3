import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import type { ParserReply } from '../sync/worker-parser.js';
import { workerModule } from './worker-bundle.js';

describe('workerModule', () => {
  it('bundles a worker entry so it runs without the tsx loader', async () => {
    const entry = new URL('../sync/parse-worker.ts', import.meta.url);
    const fallback = new URL('../sync/parse-worker-entry.mjs', import.meta.url);
    const module = await workerModule(entry, fallback);
    expect(module.protocol).toBe('data:');
    // Asked again, the same bundle (built once per process).
    expect(await workerModule(entry, fallback)).toBe(module);

    const worker = new Worker(module, { workerData: { numbering: { country: 'DE', trunkPrefix: null } } });
    try {
      const line = JSON.stringify({ customer: { customerNo: 'K1', company: 'Weiß GmbH', phones: [{ number: '030 2312574' }] } });
      const reply = new Promise<ParserReply>((resolve, reject) => worker.once('message', resolve).once('error', reject));
      worker.postMessage({ chunk: new TextEncoder().encode(`${line}\n`) });
      const [result] = (await reply).results;
      expect(result).toMatchObject({ ok: true, kind: 'customers', record: { kind: 'customer' } });
      const record = JSON.parse((result as { record: { encoded: string } }).record.encoded);
      expect(record.customer.phones[0].e164).toBe('+49302312574');
    } finally {
      await worker.terminate();
    }
  });

  it('falls back to the loader entry when the entry cannot be bundled', async () => {
    const fallback = new URL('../sync/parse-worker-entry.mjs', import.meta.url);
    expect(await workerModule(new URL('./no-such-worker.ts', import.meta.url), fallback)).toBe(fallback);
  });
});
