/** Slice length: a webhook waits at most about this long behind a sync or an import. */
const SLICE_MS = 10;
const MAX_BATCH = 2000;

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * The event loop belongs to the popup: bulk work (validating rows, writing them in one
 * transaction) runs in slices of about 10 ms, then webhooks and sockets get their turn. The
 * write is part of the slice, so its cost per record is learned from the batches before.
 */
export class Slices {
  private readonly now: () => number;
  private start: number;

  /** `now`: a clock in ms (a test passes its own). */
  constructor(now: () => number = () => performance.now()) {
    this.now = now;
    this.start = now();
  }

  /** Time within the current slice this thread spent waiting, not working (see `idle`). */
  private idleMs = 0;
  private msPerRecord = 0.05;

  /** Whether `pending` collected records should be written now, ending the slice. */
  due(pending: number): boolean {
    return pending >= MAX_BATCH || this.now() - this.start - this.idleMs + pending * this.msPerRecord >= SLICE_MS;
  }

  /**
   * Await `next` without counting the wait as work of this slice: for records that come from
   * another thread (the parser worker), the event loop is free while it waits. Counting that
   * wait made batches of ~45 records where 200 fit the budget, and a transaction's fixed cost
   * (commit, a new full-text segment) then dominated the write.
   */
  async idle<T>(next: Promise<T>): Promise<T> {
    const waited = this.now();
    try {
      return await next;
    } finally {
      this.idleMs += this.now() - waited;
    }
  }

  /** Run the batch write of `count` records, then let the event loop turn; starts the next slice. */
  async write(count: number, write: () => Promise<void>): Promise<void> {
    const started = this.now();
    await write();
    if (count > 0) this.msPerRecord = 0.7 * this.msPerRecord + (0.3 * (this.now() - started)) / count;
    await turn();
    this.start = this.now();
    this.idleMs = 0;
  }
}
