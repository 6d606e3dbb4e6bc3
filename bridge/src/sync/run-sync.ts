import type { SyncCounts, SyncLineInput, SyncReport } from '@ringside/shared';
import type { NumberingConfig } from '../phone/normalize.js';
import type { Store, SyncRecord, SyncSession } from '../store/store.js';
import type { LogFields, Logger } from '../util/logger.js';
import type { LINE_TOO_LONG } from './ndjson-lines.js';
import { ReportBuilder } from './report.js';
import type { SourceLocks } from './source-locks.js';
import { toRecord, type CountedKind } from './to-record.js';

export interface SyncDeps {
  store: Store;
  numbering: NumberingConfig;
  locks: SourceLocks;
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
 * The event loop belongs to the popup: parse and write in slices of about this long, then let
 * webhooks and sockets run. Writing is estimated from the last batches so the slice includes it.
 */
const SLICE_MS = 10;
const MAX_BATCH = 2000;

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

interface Pending {
  record: SyncRecord;
  /** null for a `keep` record of a line already counted as failed. */
  line: number | null;
  kind: CountedKind;
  lineKey: string;
}

/**
 * One sync run: validate each line, write in batches through `store.sync`, and at the end, if
 * every line arrived, apply the full sync's deletions. Bad lines are reported and skipped. The
 * run never throws for its input: a broken stream or a failing database ends it with
 * `complete: false` and the reason in `error`. Throws SyncBusyError when the source is syncing.
 */
export async function runSync(deps: SyncDeps, options: SyncRunOptions, lines: AsyncIterable<SyncInput> | Iterable<SyncInput>): Promise<SyncReport> {
  const release = deps.locks.acquire(options.source);
  const report = new ReportBuilder(options.source, options.full);
  let session: SyncSession | null = null;
  try {
    session = await deps.store.sync.begin({ source: options.source, full: options.full });
    const writer = new BatchWriter(session, report);
    const input = iterate(lines);
    let broken: unknown = null;
    let sliceStart = performance.now();
    for (;;) {
      let next: IteratorResult<SyncInput>;
      try {
        next = await input.next();
      } catch (err) {
        // The stream broke off; what arrived before it is written, nothing is deleted.
        broken = err;
        break;
      }
      if (next.done) break;
      const item = next.value;
      const line = report.lineRead();
      if (typeof item === 'string' && item.trim() === '') continue;
      const result = toRecord(item, deps.numbering);
      if (result.ok) writer.add({ record: result.record, line, kind: result.kind, lineKey: result.record.kind });
      else {
        report.failed(line, result.kind, { field: result.field, message: result.message });
        if (result.keep && options.full) writer.add({ record: result.keep, line: null, kind: result.kind ?? 'customers', lineKey: '' });
      }
      if (writer.size >= MAX_BATCH || performance.now() - sliceStart + writer.estimatedMs() >= SLICE_MS) {
        await writer.flush();
        await turn();
        sliceStart = performance.now();
      }
    }
    await writer.flush();
    if (broken !== null) {
      const incomplete = report.end(false, broken instanceof Error ? broken.message : String(broken));
      deps.log?.warn('sync incomplete: nothing deleted', summary(incomplete));
      return incomplete;
    }
    const s = session;
    session = null;
    report.swept(await s.finish());
    const done = report.end(true, null);
    deps.log?.info('sync finished', summary(done));
    return done;
  } catch (err) {
    // The database refused (full disk, locked): the batch in flight was rolled back.
    const failed = report.end(false, err instanceof Error ? err.message : String(err));
    deps.log?.error('sync stopped: nothing deleted', summary(failed));
    return failed;
  } finally {
    await session?.abort().catch(() => undefined);
    release();
  }
}

function iterate<T>(items: AsyncIterable<T> | Iterable<T>): AsyncIterator<T> | Iterator<T> {
  return Symbol.asyncIterator in items ? items[Symbol.asyncIterator]() : items[Symbol.iterator]();
}

/** Collects records and writes them as one transaction, learning how long a record takes. */
class BatchWriter {
  private batch: Pending[] = [];
  private msPerRecord = 0.05;

  constructor(
    private readonly session: SyncSession,
    private readonly report: ReportBuilder,
  ) {}

  get size(): number {
    return this.batch.length;
  }

  estimatedMs(): number {
    return this.batch.length * this.msPerRecord;
  }

  add(p: Pending): void {
    this.batch.push(p);
  }

  async flush(): Promise<void> {
    if (this.batch.length === 0) return;
    const batch = this.batch;
    this.batch = [];
    const started = performance.now();
    const outcomes = await this.session.write(batch.map((p) => p.record));
    this.msPerRecord = 0.7 * this.msPerRecord + (0.3 * (performance.now() - started)) / batch.length;
    batch.forEach((p, i) => {
      if (p.line !== null) this.report.outcome(p.line, p.kind, outcomes[i]!, p.lineKey);
    });
  }
}

/** Flat fields for the log line: counts as `created/updated/deleted/unchanged/failed`. */
function summary(r: SyncReport): LogFields {
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
    error: r.error ?? undefined,
  };
}
