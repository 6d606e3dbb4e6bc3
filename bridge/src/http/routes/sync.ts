import type { Request, Response } from 'express';
import { parseWith, syncSourceSchema } from '@ringside/shared';
import type { NumberingConfig } from '../../phone/normalize.js';
import type { Store } from '../../store/store.js';
import { ndjsonLines, runSync, runSyncOfBytes, SyncBusyError, type SourceLocks } from '../../sync/index.js';
import type { Logger } from '../../util/logger.js';
import { HttpError } from '../errors.js';

/** Bodies up to this size (by Content-Length) are parsed on the event loop's thread, in slices. */
const INLINE_BYTES = 1024 * 1024;

/**
 * The body as it arrives; not destroyed on a bad byte, the answer still has to go out on it.
 * Once it has all arrived, the connection may stay silent while the end of a full sync runs.
 */
async function* bodyOf(req: Request): AsyncGenerator<Buffer> {
  yield* req.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>;
  req.socket.setTimeout(0);
}

function fullParam(value: unknown): boolean {
  if (value === undefined || value === 'false' || value === '0') return false;
  if (value === 'true' || value === '1') return true;
  throw new HttpError('invalid', 'full: use true or false', 'full');
}

/**
 * `POST /api/sync?source=erp&full=true` (admin token): an NDJSON body, read as it arrives and
 * written in batches, never held whole. 200 with the report when the body arrived whole; 400
 * with the report when it was not UTF-8 or broke off; 409 while the same source is syncing.
 */
export function syncRoute(deps: { store: Store; numbering: NumberingConfig; locks: SourceLocks; log: Logger }) {
  return async (req: Request, res: Response): Promise<void> => {
    const source = parseWith(syncSourceSchema, req.query.source);
    if (!source.ok) throw new HttpError('invalid', `source: ${source.message}`, 'source');
    const full = fullParam(req.query.full);
    const body = bodyOf(req);
    const options = { source: source.value, full };
    // A small body is parsed here; a large or streamed one on a worker thread, so the event loop
    // only writes (starting the worker costs more than parsing a megabyte).
    const length = Number(req.headers['content-length'] ?? NaN);
    let report;
    try {
      report = length <= INLINE_BYTES ? await runSync(deps, options, ndjsonLines(body)) : await runSyncOfBytes(deps, options, body);
    } catch (err) {
      if (err instanceof SyncBusyError) throw new HttpError('conflict', err.message, 'source');
      throw err;
    }
    if (report.complete) {
      res.json(report);
      return;
    }
    // A client that hung up gets no answer; the log has the report. (req.destroyed says only
    // that the body was read to its end.)
    if (res.destroyed || !res.socket || res.socket.destroyed) return;
    // Whatever follows a broken line is read and dropped, so the answer reaches the client.
    if (!req.complete) req.resume();
    if (report.stoppedBy === 'stream') {
      res.status(400).json({ error: 'invalid', message: `the body broke off: ${report.error}; nothing was deleted`, field: '(body)', report });
    } else {
      res.status(503).json({ error: 'unavailable', message: `the sync stopped: ${report.error}; nothing was deleted`, report });
    }
  };
}
