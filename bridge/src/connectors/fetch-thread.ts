import { parentPort, threadId, workerData } from 'node:worker_threads';
import type { LogFields, Logger, LogLevel } from '../util/logger.js';
import { lowerThreadPriority } from '../util/thread-priority.js';
import type { RunContext } from './connector.js';
import { fetchToSpool } from './fetch-to-spool.js';
import type { FetchJob, FetchReport } from './fetch-in-worker.js';
import { errorCode, plainError } from './plain-error.js';
import { connectorFor } from './registry.js';
import { Spool } from './spool.js';

/**
 * Worker thread of one connector run's fetch: pulls every record of the source (the XML,
 * LDAP and SQL answers are parsed here, off the popup's event loop) into the spool the main
 * thread reserved, and tells it only what it needs: skipped records, log lines, the next state,
 * and the end. The main thread terminates it after the run, or at once on an abort.
 */
const job = workerData as FetchJob;
const port = parentPort!;
const post = (report: FetchReport) => port.postMessage(report);
// Bulk work: the event loop gets the CPU first whenever a popup needs it.
lowerThreadPriority();

/** Log lines of one run: a connector logs a few; bounded all the same, so no loop can flood the main thread. */
const MAX_LOG_LINES = 100;
let logLines = 0;
const forward = (level: LogLevel) => (msg: string, fields?: LogFields) => {
  logLines++;
  // Each line names the thread the connector's code ran on (for the reader, and the test that it is not the main one).
  if (logLines <= MAX_LOG_LINES) post({ log: { level, msg, fields: { ...fields, fetchThread: threadId } } });
  else if (logLines === MAX_LOG_LINES + 1) post({ log: { level: 'warn', msg: 'connector log lines left out', fields: { after: MAX_LOG_LINES, fetchThread: threadId } } });
};
const log: Logger = { debug: forward('debug'), info: forward('info'), warn: forward('warn'), error: forward('error') };

let skips = 0;
let nextState: unknown;
const ctx: RunContext = {
  password: job.password,
  numbering: job.numbering,
  log,
  // Parsed here: a CardDAV state keeps every card (etag and vCard, about 0.5 KB each), MBs for a large address book.
  previousState: job.previousState === null ? null : JSON.parse(job.previousState),
  setNextState: (state) => (nextState = state),
  // Never aborted here: the main thread ends a run it stops by terminating this thread.
  signal: new AbortController().signal,
  skip: (where, field, message) => {
    // The runner keeps only the first ones; the rest need not cross threads.
    if (skips++ < job.maxSkips) post({ skip: { where, field, message } });
  },
};

try {
  const spool = await Spool.create(job.spoolDir);
  const keepLines = await fetchToSpool(connectorFor(job.config.kind).pull(job.config, ctx), spool, ctx.signal, ctx.skip);
  await spool.finish();
  const state = nextState === undefined ? null : JSON.stringify(nextState);
  post({ done: { keepLines: [...keepLines], lines: spool.lines, bytes: spool.bytes, nextState: state, thread: threadId } });
} catch (err) {
  // Worded here, where the error's causes (network codes, TLS) still are: only text crosses.
  post({ failed: { message: plainError(err), code: errorCode(err) } });
}
