/**
 * Slice length: a webhook waits at most about this long behind a sync or an import. With the
 * writes on another thread, what is left on the event loop (reading and checking rows) can stop
 * after any row, so short slices cost little: popups during a 50,000-row console import had a
 * p99 of 18 ms at 10 ms slices, 14-16 ms at 5 ms and 12 ms at 3 ms (quiet: 4 ms); the import
 * ran at 18,000 to 21,000 rows/s in each case.
 */
const SLICE_MS = 3;
const MAX_BATCH = 2000;
/**
 * Records per write when writing does not hold the event loop (a write thread, a database
 * server): large enough that messages and commits are few, small enough to bound the memory of
 * the batches in flight.
 */
const OFF_LOOP_BATCH = 1000;

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * The event loop belongs to the popup: bulk work (validating rows, and writing them where the
 * store writes on the event loop) runs in slices of about 3 ms, then webhooks and sockets get
 * their turn. A write on the event loop is part of the slice, so its cost per record is learned
 * from the batches before; a write elsewhere is only waited for.
 */
export class Slices {
  private readonly now: () => number;
  private start: number;

  /**
   * `writesBlock`: whether the store's writes run on the event loop (SyncSession.blocksEventLoop).
   * `now`: a clock in ms (a test passes its own).
   */
  constructor(
    private readonly writesBlock = true,
    now: () => number = () => performance.now(),
  ) {
    this.now = now;
    this.start = now();
  }

  /** Time within the current slice this thread spent waiting, not working (see `idle`). */
  private idleMs = 0;
  private msPerRecord = 0.05;

  private worked(): number {
    return this.now() - this.start - this.idleMs;
  }

  /** Whether the slice should end now (`end`), with `pending` records collected. */
  due(pending: number): boolean {
    if (!this.writesBlock) return pending >= OFF_LOOP_BATCH || this.worked() >= SLICE_MS;
    return pending >= MAX_BATCH || this.worked() + pending * this.msPerRecord >= SLICE_MS;
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

  /**
   * End the slice: write the `pending` records if a write is due (always where writes block the
   * event loop; off the loop only once a batch is full), let the event loop turn, start anew.
   */
  async end(pending: number, write: () => Promise<void>): Promise<void> {
    if (this.writesBlock) {
      const started = this.now();
      await write();
      if (pending > 0) this.msPerRecord = 0.7 * this.msPerRecord + (0.3 * (this.now() - started)) / pending;
    } else if (pending >= OFF_LOOP_BATCH) {
      await write();
    }
    await turn();
    this.start = this.now();
    this.idleMs = 0;
  }
}
