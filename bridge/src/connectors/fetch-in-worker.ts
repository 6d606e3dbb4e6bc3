import { Worker } from 'node:worker_threads';
import type { ConnectorConfig, ConnectorErrorCode } from '@ringside/shared';
import type { NumberingConfig } from '../phone/normalize.js';
import type { Logger, LogFields, LogLevel } from '../util/logger.js';
import { workerModule } from '../util/worker-bundle.js';
import { ConnectorError } from './connector.js';

/** What the fetch thread gets (workerData): plain values only, the secret already resolved. */
export interface FetchJob {
  config: ConnectorConfig;
  password: string | null;
  numbering: NumberingConfig;
  /** The last successful run's state as stored (JSON), or null on the first run. */
  previousState: string | null;
  /** The spool the main thread reserved (Spool.reserve), written there by the thread. */
  spoolDir: string;
  /** Skipped records reported at most: the runner keeps no more than these. */
  maxSkips: number;
}

/** Messages from the fetch thread: small ones while it runs, then `done` or `failed`. */
export type FetchReport =
  | { skip: { where: string; field: string; message: string } }
  | { log: { level: LogLevel; msg: string; fields: LogFields } }
  | { done: Fetched }
  | { failed: { message: string; code: ConnectorErrorCode | null } };

export interface Fetched {
  /** Line numbers of keep lines (see fetchToSpool). */
  keepLines: number[];
  lines: number;
  bytes: number;
  /** What the connector left for the next run, as JSON; null when it left nothing. */
  nextState: string | null;
  /** The thread the connector's pull ran on (never the main thread's 0). */
  thread: number;
}

/**
 * Heap of the fetch thread. A connector holds a page of its source at a time, but the CardDAV
 * listing of a whole address book (tens of MB parsed for 20,000 cards) and the LDAP grouping by
 * company are held whole; a ceiling, not a reservation, so one run cannot take the bridge down.
 */
const HEAP_MB = 256;

/**
 * One connector run's fetch on a worker thread: the connector's pull and fetchToSpool run there
 * and write the spool in `job.spoolDir`, so parsing the source's answers (one XML document
 * listing every card, thousands of LDAP entries) never holds the popup's event loop. This side
 * gets the skipped records and log lines as they come, and the end. A failure arrives as a
 * ConnectorError with the connector's own words and code; an abort terminates the thread at once
 * and rejects with the signal's reason; a crash of the thread (out of memory) becomes a
 * ConnectorError too. The thread is always gone when this settles. `heapMb`: the thread's heap
 * ceiling (a test makes it run out).
 */
export async function fetchInWorker(
  job: FetchJob,
  signal: AbortSignal,
  to: { skip(where: string, field: string, message: string): void; log: Logger },
  heapMb = HEAP_MB,
): Promise<Fetched> {
  signal.throwIfAborted();
  const module = await workerModule(new URL('./fetch-thread.ts', import.meta.url), new URL('./fetch-thread-entry.mjs', import.meta.url));
  signal.throwIfAborted();
  const worker = new Worker(module, { workerData: job, resourceLimits: { maxYoungGenerationSizeMb: 16, maxOldGenerationSizeMb: heapMb } });
  let onAbort: (() => void) | null = null;
  try {
    return await new Promise<Fetched>((resolve, reject) => {
      onAbort = () => reject(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
      worker.on('message', (report: FetchReport) => {
        if ('skip' in report) to.skip(report.skip.where, report.skip.field, report.skip.message);
        else if ('log' in report) to.log[report.log.level](report.log.msg, report.log.fields);
        else if ('done' in report) resolve(report.done);
        else reject(new ConnectorError(report.failed.message, report.failed.code ? { code: report.failed.code } : undefined));
      });
      worker.on('error', (err: Error & { code?: string }) => reject(crashed(err, heapMb)));
      worker.on('exit', (code) => reject(new ConnectorError(`the connector's fetch stopped unexpectedly (worker exit code ${code}); nothing of this run was written`)));
    });
  } finally {
    if (onAbort) signal.removeEventListener('abort', onAbort);
    worker.removeAllListeners();
    worker.on('error', () => undefined);
    // Also on an abort: the thread stops where it is, its connections close with it.
    await worker.terminate();
  }
}

function crashed(err: Error & { code?: string }, heapMb: number): ConnectorError {
  if (err.code === 'ERR_WORKER_OUT_OF_MEMORY') {
    return new ConnectorError(`the connector's fetch ran out of memory (more than ${heapMb} MB); nothing of this run was written`, { cause: err });
  }
  return new ConnectorError(`the connector's fetch failed unexpectedly: ${err.message}`, { cause: err });
}
