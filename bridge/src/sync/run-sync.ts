import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { SyncCounts, SyncLineInput, SyncReport } from '@ringside/shared';
import type { NumberingConfig } from '../phone/normalize.js';
import type { Store, SyncSession } from '../store/store.js';
import type { LogFields, Logger } from '../util/logger.js';
import type { LINE_TOO_LONG } from './ndjson-lines.js';
import { BatchWriter } from './batch-writer.js';
import { ReportBuilder } from './report.js';
import { Slices } from './slices.js';
import type { SyncLocks } from './source-locks.js';
import { toRecord, type LineResult } from './to-record.js';
import { parseInWorker, type ParsedLine } from './worker-parser.js';

export interface SyncDeps {
  store: Store;
  numbering: NumberingConfig;
  locks: SyncLocks;
  log?: Logger;
}

export interface SyncRunOptions {
  source: string;
  /** Remove what this source wrote earlier and this run did not mention (only if the stream arrives whole). */
  full: boolean;
}

/** An NDJSON line as text, an object a connector built, or a line the reader had to cut off. */
export type SyncInput = string | SyncLineInput | typeof LINE_TOO_LONG;

/**
 * One sync run: validate each line, write in batches through `store.sync`, and at the end, if
 * every line arrived, apply the full sync's deletions. Bad lines are reported and skipped. The
 * run never throws for its input: a broken stream or a failing database ends it with
 * `complete: false` and the reason in `error`. Throws SyncBusyError when the source is syncing.
 * Lines are parsed on this thread, in the same slices as the writes (connectors' objects).
 */
export function runSync(deps: SyncDeps, options: SyncRunOptions, lines: AsyncIterable<SyncInput> | Iterable<SyncInput>): Promise<SyncReport> {
  return runParsed(deps, options, parseInline(lines, deps.numbering), 'here');
}

/** An NDJSON byte stream (the HTTP body), parsed on a worker thread while this one writes. */
export function runSyncOfBytes(deps: SyncDeps, options: SyncRunOptions, chunks: AsyncIterable<Uint8Array>): Promise<SyncReport> {
  return runParsed(deps, options, parseInWorker(chunks, deps.numbering), 'worker');
}

async function* parseInline(lines: AsyncIterable<SyncInput> | Iterable<SyncInput>, numbering: NumberingConfig): AsyncGenerator<LineResult | null> {
  for await (const item of lines) yield typeof item === 'string' && item.trim() === '' ? null : toRecord(item, numbering);
}

/**
 * Consumes one result per line (null: a blank line). `parsedOn`: where the lines are parsed; a
 * wait for the worker's lines is idle time of this thread, not part of a slice's work.
 */
async function runParsed(
  deps: SyncDeps,
  options: SyncRunOptions,
  parsed: AsyncIterator<LineResult | ParsedLine | null>,
  parsedOn: 'here' | 'worker',
): Promise<SyncReport> {
  const lock = await deps.locks.acquire(options.source);
  const report = new ReportBuilder(options.source, options.full);
  // The longest the event loop waited during this run (ours or anyone's), for the log line.
  const loop = monitorEventLoopDelay({ resolution: 2 });
  loop.enable();
  let session: SyncSession | null = null;
  let writer: BatchWriter | null = null;
  const timing = () => ({ loopMaxMs: Math.round(loop.max / 1e6), longestWriteMs: Math.round(writer?.longestWriteMs ?? 0) });
  try {
    session = await deps.store.sync.begin({ source: options.source, full: options.full });
    writer = new BatchWriter(session, report);
    let broken: unknown = null;
    const slices = new Slices(session.blocksEventLoop);
    for (;;) {
      let next: IteratorResult<LineResult | ParsedLine | null>;
      try {
        next = parsedOn === 'worker' ? await slices.idle(parsed.next()) : await parsed.next();
      } catch (err) {
        // The stream broke off; what arrived before it is written, nothing is deleted.
        broken = err;
        break;
      }
      if (next.done) break;
      const result = next.value;
      const line = report.lineRead();
      if (result === null) continue;
      if (result.ok) writer.add({ record: result.record, line, kind: result.kind, lineKey: result.record.kind });
      else {
        report.failed(line, result.kind, { field: result.field, message: result.message });
        if (result.keep && options.full) writer.add({ record: result.keep, line: null, kind: result.kind ?? 'customers', lineKey: '' });
      }
      if (writer.full) await writer.flush();
      if (slices.due(writer.size)) await slices.end(writer.size, () => writer!.flush());
    }
    await writer.drain();
    if (broken !== null) {
      const incomplete = report.end({ by: 'stream', error: broken instanceof Error ? broken.message : String(broken) });
      deps.log?.warn('sync incomplete: nothing deleted', summary(incomplete, timing()));
      return incomplete;
    }
    const s = session;
    session = null;
    report.swept(await s.finish());
    const done = report.end(null);
    deps.log?.info('sync finished', summary(done, timing()));
    return done;
  } catch (err) {
    // The database refused (full disk, locked): the batch in flight was rolled back.
    const failed = report.end({ by: 'store', error: err instanceof Error ? err.message : String(err) });
    deps.log?.error('sync stopped: nothing deleted', summary(failed, timing()));
    return failed;
  } finally {
    writer?.cancel();
    loop.disable();
    await parsed.return?.();
    await session?.abort().catch(() => undefined);
    await lock.release();
  }
}

/** Flat fields for the log line: counts as `created/updated/deleted/unchanged/failed`. */
function summary(r: SyncReport, timing: { loopMaxMs: number; longestWriteMs: number }): LogFields {
  const c = (k: SyncCounts) => `${k.created}/${k.updated}/${k.deleted}/${k.unchanged}/${k.failed}`;
  return {
    source: r.source,
    full: r.full,
    lines: r.lines,
    customers: c(r.customers),
    documents: c(r.documents),
    conversations: c(r.conversations),
    invalidLines: r.invalidLines,
    durationMs: r.durationMs,
    ...timing,
    error: r.error ?? undefined,
  };
}
