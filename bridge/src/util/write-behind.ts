import type { Logger } from './logger.js';

export interface WriteBehindOptions<V> {
  /** Wait this long after the first change before writing, so a burst becomes one write. */
  delayMs: number;
  /** Changes waiting at most; past it the newest are dropped (the next sighting brings them back). */
  maxPending: number;
  /** Two changes of one key into one. */
  merge(previous: V, next: V): V;
  write(batch: V[]): Promise<void>;
  log: Pick<Logger, 'warn'>;
  what: string;
}

/**
 * Notes the console lists (unassigned identifiers, refused origins) that must not cost the path
 * they are noticed on: `add` only merges into a bounded map in memory; one batch is written a
 * moment later, off that path. A write that fails is logged and dropped: these lists are hints
 * that the next call or retry brings back, never data.
 */
export class WriteBehind<V> {
  private pending = new Map<string, V>();
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();
  private droppedWarned = false;

  constructor(private readonly opts: WriteBehindOptions<V>) {}

  add(key: string, value: V): void {
    const previous = this.pending.get(key);
    if (previous === undefined && this.pending.size >= this.opts.maxPending) {
      if (!this.droppedWarned) this.opts.log.warn(`${this.opts.what}: too many at once, some not noted`, { max: this.opts.maxPending });
      this.droppedWarned = true;
      return;
    }
    this.pending.set(key, previous === undefined ? value : this.opts.merge(previous, value));
    if (!this.timer) {
      this.timer = setTimeout(() => void this.flush(), this.opts.delayMs);
      this.timer.unref();
    }
  }

  /** Write what waits now (the console reads its own instance's notes at once); resolves when written. */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.size > 0) {
      const batch = [...this.pending.values()];
      this.pending = new Map();
      this.droppedWarned = false;
      // One write at a time, in order.
      this.writing = this.writing.then(() =>
        this.opts.write(batch).catch((err: unknown) => this.opts.log.warn(`${this.opts.what}: not written`, { error: err instanceof Error ? err.message : String(err) })),
      );
    }
    return this.writing;
  }
}
