import type { SyncRecord, SyncSession } from '../store/store.js';
import type { ReportBuilder } from './report.js';
import type { CountedKind } from './to-record.js';

export interface Pending {
  record: SyncRecord;
  /** null for a `keep` record of a line already counted as failed. */
  line: number | null;
  kind: CountedKind;
  lineKey: string;
}

/** Collects records and writes them as one transaction, reporting each record's outcome. */
export class BatchWriter {
  private batch: Pending[] = [];
  /** The longest single batch transaction, for the log line: what the event loop waited on us. */
  longestWriteMs = 0;

  constructor(
    private readonly session: SyncSession,
    private readonly report: ReportBuilder,
  ) {}

  get size(): number {
    return this.batch.length;
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
    this.longestWriteMs = Math.max(this.longestWriteMs, performance.now() - started);
    batch.forEach((p, i) => {
      if (p.line !== null) this.report.outcome(p.line, p.kind, outcomes[i]!, p.lineKey);
    });
  }
}

