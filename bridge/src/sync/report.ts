import { MAX_SYNC_ERRORS, type SyncCounts, type SyncLineError, type SyncReport } from '@ringside/shared';
import type { SyncOutcome, SyncSweep } from '../store/store.js';
import type { CountedKind } from './to-record.js';

const zero = (): SyncCounts => ({ created: 0, updated: 0, deleted: 0, unchanged: 0, failed: 0 });

/** Counts and the first errors of one run, in the shape the API answers with. */
export class ReportBuilder {
  readonly report: SyncReport;
  private readonly started = performance.now();

  constructor(source: string, full: boolean) {
    this.report = {
      source,
      full,
      complete: false,
      error: null,
      stoppedBy: null,
      lines: 0,
      customers: zero(),
      documents: zero(),
      conversations: zero(),
      invalidLines: 0,
      errors: [],
      durationMs: 0,
    };
  }

  lineRead(): number {
    return ++this.report.lines;
  }

  failed(line: number, kind: CountedKind | null, error: Omit<SyncLineError, 'line'>): void {
    if (kind) this.report[kind].failed++;
    else this.report.invalidLines++;
    // A store refusal arrives when its batch is written, after validation errors of later lines:
    // keep the lowest line numbers, bounded, and put them in order at the end.
    const errors = this.report.errors;
    errors.push({ line, ...error });
    if (errors.length >= 2 * MAX_SYNC_ERRORS) this.trimErrors();
  }

  private trimErrors(): void {
    this.report.errors.sort((a, b) => a.line - b.line);
    this.report.errors.length = Math.min(this.report.errors.length, MAX_SYNC_ERRORS);
  }

  outcome(line: number, kind: CountedKind, outcome: SyncOutcome, lineKey: string): void {
    if (!outcome.ok) {
      this.failed(line, kind, { field: outcome.field ? `${lineKey}.${outcome.field}` : lineKey, message: outcome.message });
      return;
    }
    // Deferred deletes are counted when finish() applies them.
    if (outcome.result !== 'deferred') this.report[kind][outcome.result]++;
  }

  swept(removed: SyncSweep): void {
    this.report.customers.deleted += removed.customers;
    this.report.documents.deleted += removed.documents;
    this.report.conversations.deleted += removed.conversations;
  }

  end(stop: { by: 'stream' | 'store'; error: string } | null): SyncReport {
    this.trimErrors();
    this.report.complete = stop === null;
    this.report.error = stop?.error ?? null;
    this.report.stoppedBy = stop?.by ?? null;
    this.report.durationMs = Math.round(performance.now() - this.started);
    return this.report;
  }
}
