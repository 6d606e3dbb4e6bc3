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
  private start = performance.now();
  private msPerRecord = 0.05;

  /** Whether `pending` collected records should be written now, ending the slice. */
  due(pending: number): boolean {
    return pending >= MAX_BATCH || performance.now() - this.start + pending * this.msPerRecord >= SLICE_MS;
  }

  /** Run the batch write of `count` records, then let the event loop turn; starts the next slice. */
  async write(count: number, write: () => Promise<void>): Promise<void> {
    const started = performance.now();
    await write();
    if (count > 0) this.msPerRecord = 0.7 * this.msPerRecord + (0.3 * (performance.now() - started)) / count;
    await turn();
    this.start = performance.now();
  }
}
