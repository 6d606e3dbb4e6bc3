import type { Statement } from 'better-sqlite3';
import { Worker } from 'node:worker_threads';
import type { SyncOutcome, SyncRecordIn, SyncRepo, SyncSessionOptions, SyncSweep } from '../store.js';
import { workerModule } from '../../util/worker-bundle.js';
import { partialWrite } from '../partial-write.js';
import type { Db } from './database.js';
import type { WriteReply, WriteRequest, WriteThreadData } from './write-thread-protocol.js';
import { WriteTurnstile } from './write-turnstile.js';

/** A thread with no open session ends after this long (a sync, then an import, reuse it). */
const IDLE_MS = 5000;
/** SQLite's default: the event loop's connection checkpoints itself again once the thread is gone. */
const AUTOCHECKPOINT_PAGES = 1000;
/**
 * While the thread runs, the event loop's connection does not checkpoint by itself, and that
 * setting covers the journal file too: without this, the journal's WAL would grow by every call
 * journaled for as long as a sync lasts. A passive checkpoint of the journal alone, this often,
 * copies a few pages (calls are small) and never waits for the thread.
 */
const JOURNAL_CHECKPOINT_MS = 30_000;

/** A request before `request()` numbers it: `id` left out of each kind of request. */
type Unnumbered<R> = R extends unknown ? Omit<R, 'id'> : never;
type Request = Unnumbered<WriteRequest>;

/**
 * The event loop's side of the SQLite write thread (write-thread-worker.ts): started when a
 * bulk write session begins, stopped when none has been open for a while. While it runs, the
 * event loop's connection leaves checkpoints to it, and the event loop's writes to the main file
 * take turns with it (`gate`, write-turnstile.ts).
 */
export class WriteThread {
  private worker: Worker | null = null;
  private readonly turnstile = new WriteTurnstile();
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (reply: WriteReply & { ok: true }) => void; reject: (err: Error) => void }>();
  private openSessions = 0;
  private idleTimer: NodeJS.Timeout | null = null;
  private stopping: Promise<void> | null = null;
  private closed = false;
  private deleteCalls: Statement<[string]> | null = null;
  private journalCheckpoints: NodeJS.Timeout | null = null;
  /** Gated calls running now (their writes are in the event loop's turn). */
  private turns = 0;

  constructor(
    private readonly file: string,
    private readonly db: Db,
  ) {}

  /** `fn` (a store method that writes the main file) run in the event loop's turn. */
  gate<A extends unknown[], R>(fn: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
    return async (...args) => {
      await this.turnstile.enter();
      this.turns++;
      try {
        return await fn(...args);
      } finally {
        this.turns--;
        this.turnstile.leave();
      }
    };
  }

  /** A gated call is running (write-turn-check.ts). */
  get inTurn(): boolean {
    return this.turns > 0;
  }

  readonly syncRepo: SyncRepo = {
    begin: async (options: SyncSessionOptions) => {
      await this.stopping;
      this.opened();
      let session: number;
      try {
        await this.ensureStarted();
        session = (await this.request({ op: 'begin', options })).value as number;
      } catch (err) {
        this.ended();
        throw err;
      }
      let open = true;
      const end = (op: 'finish' | 'end') => {
        if (!open) throw new Error('this sync session has ended');
        open = false;
        return this.request({ op, session }).finally(() => this.ended());
      };
      return {
        blocksEventLoop: false,
        write: async (records: SyncRecordIn[]) => {
          if (!open) throw new Error('this sync session has ended');
          return (await this.request({ op: 'write', session, records })).value as SyncOutcome[];
        },
        finish: async () => (await end('finish')).value as SyncSweep,
        abort: async () => {
          if (open) await end('end');
        },
      };
    },
  };

  /** Stop the thread (store close): a session still open fails, as on a lost connection. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    await this.stop(true);
  }

  private opened(): void {
    if (this.closed) throw new Error('the store is closed');
    this.openSessions++;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
  }

  private ended(): void {
    if (--this.openSessions > 0 || this.closed) return;
    this.idleTimer = setTimeout(() => void this.stop(), IDLE_MS);
    this.idleTimer.unref();
  }

  /**
   * The calls of customers the thread removed (a full sync's sweep, a delete line) leave the
   * journal too, as `customers.delete` does: here, on the connection that owns the journal file.
   */
  private forgetCalls(customerNos: string[]): void {
    if (customerNos.length === 0) return;
    this.deleteCalls ??= this.db.prepare(`DELETE FROM calls WHERE customer_no = ?`);
    const del = this.deleteCalls;
    this.db.transaction(() => {
      for (const no of customerNos) del.run(no);
    })();
  }

  private checkpointJournal(): void {
    try {
      this.db.pragma('journal.wal_checkpoint(PASSIVE)');
    } catch {
      // The store is closing: the last connection's close checkpoints anyway.
    }
  }

  private resumeAutocheckpoints(): void {
    if (this.journalCheckpoints) clearInterval(this.journalCheckpoints);
    this.journalCheckpoints = null;
    this.db.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
  }

  private request(req: Request): Promise<WriteReply & { ok: true }> {
    if (this.closed && req.op !== 'stop') return Promise.reject(new Error('the store is closed'));
    const worker = this.worker;
    if (!worker) return Promise.reject(new Error('the SQLite write thread is not running'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ ...req, id } as WriteRequest);
    });
  }

  private async ensureStarted(): Promise<void> {
    if (this.worker) return;
    const module = await workerModule(new URL('./write-thread-worker.ts', import.meta.url), new URL('./write-thread-entry.mjs', import.meta.url));
    if (!this.worker) this.start(module);
  }

  private start(module: URL): void {
    const worker = new Worker(module, {
      workerData: { file: this.file, turnstile: this.turnstile.buffer } satisfies WriteThreadData,
      // The records in flight are a few batches; a small heap keeps a million-row sync within
      // the bridge's memory budget.
      resourceLimits: { maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb: 32 },
    });
    worker.unref();
    this.db.pragma('wal_autocheckpoint = 0');
    this.journalCheckpoints = setInterval(() => this.checkpointJournal(), JOURNAL_CHECKPOINT_MS);
    this.journalCheckpoints.unref();
    worker.on('message', (reply: WriteReply) => {
      const waiting = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      try {
        this.forgetCalls(reply.removed);
      } catch (err) {
        waiting?.reject(err instanceof Error ? err : new Error(String(err)));
        return;
      }
      if (reply.ok) waiting?.resolve(reply);
      else waiting?.reject(partialWrite(new Error(reply.error), reply.written));
    });
    const gone = (err: Error) => {
      if (this.worker !== worker) return;
      this.worker = null;
      this.resumeAutocheckpoints();
      for (const waiting of this.pending.values()) waiting.reject(err);
      this.pending.clear();
    };
    worker.on('error', gone);
    worker.on('exit', (code) => gone(new Error(`the SQLite write thread stopped (exit code ${code})`)));
    this.worker = worker;
  }

  private stop(force = false): Promise<void> {
    const worker = this.worker;
    if (!worker || (this.openSessions > 0 && !force)) return Promise.resolve();
    this.stopping ??= (async () => {
      try {
        await this.request({ op: 'stop' }).catch(() => undefined);
      } finally {
        this.worker = null;
        this.resumeAutocheckpoints();
        for (const waiting of this.pending.values()) waiting.reject(new Error('the SQLite write thread was stopped'));
        this.pending.clear();
        await worker.terminate();
        this.stopping = null;
      }
    })();
    return this.stopping;
  }
}
