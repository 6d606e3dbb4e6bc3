/**
 * Who writes the main file next: the event loop or the write thread. SQLite lets one connection
 * write a file at a time and makes a blocked writer sleep and poll (1, 2, 5, 10 ms ... up to
 * busy_timeout) with the event loop stopped. So the two hand over explicitly, through shared
 * memory:
 * - the event loop announces a write (`enter`) and, if the thread is inside a transaction,
 *   waits for its end without blocking (Atomics.waitAsync), then writes;
 * - the thread starts a transaction only while no write of the event loop is announced.
 * The event loop therefore waits at most one of the thread's transactions, and never holds the
 * loop while it does. Reads need no turn (WAL), and the call journal is a file of its own
 * (journal-file.ts), so a ringing call never waits here.
 */
/** Atomics.waitAsync (Node 16+, typed only from TypeScript's ES2024 library on). */
type WaitAsync = (
  cells: Int32Array,
  index: number,
  value: number,
  timeoutMs: number,
) => { async: false; value: 'not-equal' | 'timed-out' } | { async: true; value: Promise<'ok' | 'timed-out'> };
const waitAsync: WaitAsync = (Atomics as unknown as { waitAsync: WaitAsync }).waitAsync;

const WANTS = 0;
const IN_TXN = 1;
/** Longest a write of the event loop waits for the thread (one that died mid-transaction never ends it). */
const MAX_WAIT_MS = 1000;

export class WriteTurnstile {
  readonly buffer: SharedArrayBuffer;
  private readonly cells: Int32Array;

  constructor(buffer = new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT)) {
    this.buffer = buffer;
    this.cells = new Int32Array(buffer);
  }

  /** Event loop: before a write. Resolves once the thread holds no transaction. */
  async enter(): Promise<void> {
    Atomics.add(this.cells, WANTS, 1);
    const deadline = performance.now() + MAX_WAIT_MS;
    while (Atomics.load(this.cells, IN_TXN) === 1) {
      const left = deadline - performance.now();
      // Past the deadline the thread is presumed stuck; SQLite's own lock still keeps the write safe.
      if (left <= 0) return;
      const waiting = waitAsync(this.cells, IN_TXN, 1, left);
      if (waiting.async) await waiting.value;
    }
  }

  /** Event loop: after the write. */
  leave(): void {
    if (Atomics.sub(this.cells, WANTS, 1) === 1) Atomics.notify(this.cells, WANTS);
  }

  /** Thread: wait until the event loop has no store call under way, then claim the writer's turn. */
  beginTxn(): void {
    for (;;) {
      const wants = Atomics.load(this.cells, WANTS);
      if (wants !== 0) {
        Atomics.wait(this.cells, WANTS, wants, 50);
        continue;
      }
      // Claim, then look again: the event loop announces before it looks at the claim, and we
      // claim before we look at its announcement, so at least one of the two sees the other
      // (Atomics are sequentially consistent). Whoever sees the other gives way.
      Atomics.store(this.cells, IN_TXN, 1);
      if (Atomics.load(this.cells, WANTS) === 0) return;
      this.endTxn();
    }
  }

  /** Thread: the transaction committed (or rolled back). */
  endTxn(): void {
    Atomics.store(this.cells, IN_TXN, 0);
    Atomics.notify(this.cells, IN_TXN);
  }
}
