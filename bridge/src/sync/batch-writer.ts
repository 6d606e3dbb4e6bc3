import { PartialWriteError } from '../store/partial-write.js';
import type { SyncOutcome, SyncRecordIn, SyncSession } from '../store/store.js';
import type { ReportBuilder } from './report.js';
import type { CountedKind } from './to-record.js';

export interface Pending {
  record: SyncRecordIn;
  /** null for a `keep` record of a line already counted as failed. */
  line: number | null;
  kind: CountedKind;
  lineKey: string;
}

/**
 * The longest a record waits for more to share its batch: a stream that trickles (an ERP
 * script writing a line now and then) is written as it arrives, not when the next batch fills.
 */
const LINGER_MS = 20;
/**
 * A batch is handed over once its encoded records reach this size, however few they are: a
 * thousand customers of 1 MB each must not land in the write thread's small heap at once.
 */
const MAX_BATCH_BYTES = 2 * 1024 * 1024;

/**
 * Collects records and writes them in batches, reporting each record's outcome. Where the
 * store writes off the event loop, the next batch is handed over while the one before is being
 * written (two in flight), so the writer never waits for this thread.
 */
/** What the report needs of a record once it is handed to the store. */
type Counted = Omit<Pending, 'record'>;

export class BatchWriter {
  /**
   * The records and what the report needs of them, apart: once a batch is handed over, only the
   * store holds its records (the write thread's copy is made as it is handed over), so a record
   * does not stay on the event loop's heap for as long as its batch is written.
   */
  private records: SyncRecordIn[] = [];
  private batch: Counted[] = [];
  private batchBytes = 0;
  private readonly inFlight: Promise<void>[] = [];
  private readonly maxInFlight: number;
  private linger: NodeJS.Timeout | null = null;
  /** A write the linger timer started failed: thrown by the next flush or drain. */
  private failure: { error: unknown } | null = null;
  /** The longest single batch write, for the log line. */
  longestWriteMs = 0;

  constructor(
    private readonly session: SyncSession,
    private readonly report: ReportBuilder,
  ) {
    this.maxInFlight = session.blocksEventLoop ? 1 : 2;
  }

  get size(): number {
    return this.records.length;
  }

  /** The collected records are as large as a batch may be: flush before adding more. */
  get full(): boolean {
    return this.batchBytes >= MAX_BATCH_BYTES;
  }

  add(p: Pending): void {
    this.records.push(p.record);
    this.batch.push({ line: p.line, kind: p.kind, lineKey: p.lineKey });
    if ('encoded' in p.record) this.batchBytes += p.record.encoded.length;
    if (this.linger === null) {
      this.linger = setTimeout(() => {
        this.linger = null;
        this.flush().catch((error: unknown) => (this.failure ??= { error }));
      }, LINGER_MS);
    }
  }

  /** Hand the collected records over; resolves once no more than the allowed batches are in flight. */
  async flush(): Promise<void> {
    if (this.linger !== null) clearTimeout(this.linger);
    this.linger = null;
    if (this.failure) throw this.failure.error;
    if (this.records.length > 0) this.handOver();
    while (this.inFlight.length >= this.maxInFlight) await this.inFlight[0];
  }

  /**
   * The collected records to the store, in a function that does not wait: an async one's
   * suspended frame could keep the records on this heap for as long as the batch is written.
   */
  private handOver(): void {
    const [records, batch] = [this.records, this.batch];
    this.records = [];
    this.batch = [];
    this.batchBytes = 0;
    const write = this.write(performance.now(), this.session.write(records), batch);
    this.inFlight.push(write);
    void write.finally(() => this.inFlight.splice(this.inFlight.indexOf(write), 1)).catch(() => undefined);
  }

  /** Write what is collected and wait for every batch in flight (a write's failure is thrown here). */
  async drain(): Promise<void> {
    await this.flush();
    while (this.inFlight.length > 0) await this.inFlight[0];
  }

  /** The run ended early: no linger timer may write after it. */
  cancel(): void {
    if (this.linger !== null) clearTimeout(this.linger);
    this.linger = null;
    this.records = [];
    this.batch = [];
    this.batchBytes = 0;
  }

  private async write(started: number, written: Promise<SyncOutcome[]>, batch: Counted[]): Promise<void> {
    let outcomes: SyncOutcome[];
    try {
      outcomes = await written;
    } catch (err) {
      // Part of the batch is stored: the report counts it before the run ends with the error.
      if (err instanceof PartialWriteError) this.count(batch, err.written);
      throw err;
    }
    this.longestWriteMs = Math.max(this.longestWriteMs, performance.now() - started);
    this.count(batch, outcomes);
  }

  private count(batch: Counted[], outcomes: readonly SyncOutcome[]): void {
    outcomes.forEach((outcome, i) => {
      const p = batch[i]!;
      if (p.line !== null) this.report.outcome(p.line, p.kind, outcome, p.lineKey);
    });
  }
}
