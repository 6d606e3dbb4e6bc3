import { getPriority } from 'node:os';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';

describe('lowerThreadPriority', () => {
  it.runIf(process.platform === 'linux')('lowers the calling worker thread only, not the process', async () => {
    const before = getPriority(process.pid);
    const worker = new Worker(
      // Worker threads do not inherit the tsx loader: register it, then load the TypeScript module.
      `import('tsx/esm/api').then(({ register }) => { register(); return import('${new URL('./thread-priority.ts', import.meta.url).href}'); }).then(({ lowerThreadPriority }) => {
        const { readlinkSync } = require('node:fs');
        lowerThreadPriority(5);
        const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
        require('node:worker_threads').parentPort.postMessage(require('node:os').getPriority(tid));
      });`,
      { eval: true },
    );
    const workerPriority = await new Promise<number>((resolve, reject) => worker.once('message', resolve).once('error', reject));
    await worker.terminate();
    expect(workerPriority).toBe(Math.min(19, before + 5));
    expect(getPriority(process.pid)).toBe(before);
  });
});
