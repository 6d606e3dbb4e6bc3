import { Worker } from 'node:worker_threads';
import type { NumberingConfig } from '../phone/normalize.js';
import { BrokenStreamError } from './ndjson-lines.js';
import type { EncodedSyncRecord } from '../store/store.js';
import { workerModule } from '../util/worker-bundle.js';
import type { CountedKind, LineResult } from './to-record.js';

export type ParserRequest = { chunk: Uint8Array } | { end: true };

/** A line's result as it crosses threads: a valid line's record travels as JSON text (EncodedSyncRecord). */
export type ParsedLine = Exclude<LineResult, { ok: true }> | { ok: true; kind: CountedKind; record: EncodedSyncRecord };
/**
 * One reply per request: the results of the lines the chunk completed (null: a blank line), and
 * then, if a line was not UTF-8, why the stream ends there.
 */
export interface ParserReply {
  results: (ParsedLine | null)[];
  done?: boolean;
  broken?: string;
}

/**
 * Chunks handed to the worker and not yet answered: bounds the memory between the threads
 * (a request body arrives in chunks of 16 to 64 KB). Deep enough that the parser keeps working
 * while a batch or two are being written.
 */
const MAX_IN_FLIGHT = 16;

/**
 * The lines of a byte stream, split, validated and normalized on a worker thread, in order.
 * The stream is read while the worker parses and the caller writes, so the three overlap; a
 * stream error or a line that is not UTF-8 is thrown to the caller like ndjsonLines() does.
 */
export async function* parseInWorker(chunks: AsyncIterable<Uint8Array>, numbering: NumberingConfig): AsyncGenerator<ParsedLine | null> {
  const module = await workerModule(new URL('./parse-worker.ts', import.meta.url), new URL('./parse-worker-entry.mjs', import.meta.url));
  const worker = new Worker(module, {
    workerData: { numbering: { ...numbering } },
    // A small young generation: the parser's garbage is short-lived, and the bridge's memory
    // budget (300 MB with a million-row sync running) has no room for a second default heap.
    resourceLimits: { maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb: 32 },
  });
  const replies: ParserReply[] = [];
  let wake: (() => void) | null = null;
  let failure: unknown = null;
  const poke = () => wake?.();
  worker.on('message', (reply: ParserReply) => {
    replies.push(reply);
    poke();
  });
  worker.on('error', (err) => {
    failure = err;
    poke();
  });
  worker.on('exit', (code) => {
    failure ??= new Error(`the sync parser stopped (exit code ${code})`);
    poke();
  });

  const source = chunks[Symbol.asyncIterator]();
  let reading = false;
  let ended = false;
  let inFlight = 0;
  let readError: unknown = null;
  const read = () => {
    reading = true;
    source.next().then(
      (next) => {
        reading = false;
        inFlight++;
        if (next.done) {
          ended = true;
          worker.postMessage({ end: true } satisfies ParserRequest);
        } else {
          // A copy the worker can own: request chunks may share a pooled buffer.
          const chunk = new Uint8Array(next.value);
          worker.postMessage({ chunk } satisfies ParserRequest, [chunk.buffer]);
        }
        poke();
      },
      (err: unknown) => {
        reading = false;
        readError = err;
        poke();
      },
    );
  };

  try {
    for (;;) {
      if (readError !== null) throw readError;
      const reply = replies.shift();
      if (reply) {
        inFlight--;
        yield* reply.results;
        if (reply.broken !== undefined) throw new BrokenStreamError(reply.broken, 0);
        if (reply.done) return;
        continue;
      }
      if (failure !== null) throw failure;
      if (!ended && !reading && inFlight < MAX_IN_FLIGHT) read();
      await new Promise<void>((resolve) => (wake = resolve));
      wake = null;
    }
  } finally {
    worker.removeAllListeners('exit');
    await worker.terminate();
  }
}
