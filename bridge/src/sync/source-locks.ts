/** A second sync of a source while one runs: refused at once (HTTP 409), never queued. */
export class SyncBusyError extends Error {
  constructor(readonly source: string) {
    super(`a sync of source "${source}" is already running; try again when it has finished`);
  }
}

/**
 * Which sources are syncing in this process. Two overlapping full syncs of one source would
 * each sweep what the other wrote, so the second is refused rather than made to wait: a caller
 * that waited would hold its request (and its stream) open for minutes.
 */
export class SourceLocks {
  private readonly running = new Set<string>();

  acquire(source: string): () => void {
    if (this.running.has(source)) throw new SyncBusyError(source);
    this.running.add(source);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.running.delete(source);
    };
  }

  isRunning(source: string): boolean {
    return this.running.has(source);
  }
}
