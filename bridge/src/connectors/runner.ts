import { everyMs, type ConnectorProblem, type ConnectorRunView } from '@ringside/shared';
import type { NumberingConfig } from '../phone/normalize.js';
import type { SettingsRepo } from '../store/store.js';
import { heldLock, SyncBusyError, type SourceLock, type SourceLocks } from '../sync/index.js';
import type { Logger } from '../util/logger.js';
import type { ConnectorCatalog, ConnectorEntry } from './catalog.js';
import { fetchInWorker } from './fetch-in-worker.js';
import { errorCode, plainError } from './plain-error.js';
import { removeStaleSpools, Spool } from './spool.js';
import { readState, writeState } from './state-store.js';
import type { SyncTarget } from './sync-port.js';

const MAX_PROBLEMS = 100;
/** After a start, connectors that are due wait this long, so the bridge answers first. */
const START_DELAY_MS = 5_000;
/** A connector another bridge was running when it fell due here: looked at again after this. */
const RECHECK_MS = 60_000;

export interface RunnerDeps {
  catalog: ConnectorCatalog;
  /** Connector state (sync tokens, caches) and the last run of each, across restarts and bridges. */
  settings: SettingsRepo;
  /** Who syncs which source, across processes and bridges sharing the database. */
  locks: SourceLocks;
  sync: SyncTarget;
  numbering: NumberingConfig;
  log: Logger;
  clock?: () => Date;
}

/** The source id a connector's records are written under: `carddav-nextcloud`. */
export const sourceIdOf = (entry: ConnectorEntry) => `${entry.config.kind}-${entry.config.id}`;

const runKey = (id: string) => `connector-run:${id}`;

/**
 * Runs each connector on its schedule and on demand, never two runs of one connector at once,
 * in this process or any other on the same database (a lease on the connector's source, held
 * from the first fetch to the last write). A run first fetches everything into a spool file, on
 * a worker thread (fetch-in-worker.ts), and writes only when the source answered completely, as
 * one full sync through the write path; a failed fetch writes nothing. Its connector state is
 * kept only when the write path accepted the whole run, so a failed run is simply repeated from
 * the old state.
 */
export class ConnectorRunner {
  private readonly running = new Map<string, Promise<ConnectorRunView>>();
  private readonly aborts = new Map<string, AbortController>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly nextAt = new Map<string, number>();
  private readonly lastRuns = new Map<string, ConnectorRunView>();
  /** Connectors another process or bridge was running when last looked at. */
  private readonly elsewhere = new Set<string>();
  /** Connectors whose last start found the source held or the database away: retried later, not at once. */
  private readonly recheck = new Set<string>();
  private stopped = false;
  private readonly clock: () => Date;

  constructor(private readonly deps: RunnerDeps) {
    this.clock = deps.clock ?? (() => new Date());
  }

  /** Load the last runs and schedule every enabled connector. */
  async start(): Promise<void> {
    const stale = await removeStaleSpools();
    if (stale > 0) this.deps.log.info('removed spools of connector runs that did not finish', { spools: stale });
    for (const entry of this.deps.catalog.list()) {
      await this.loadLastRun(entry.config.id);
      this.schedule(entry.config.id, true);
    }
  }

  isRunning(id: string): boolean {
    return this.running.has(id);
  }

  /** Another process or bridge on this database is running it (as of the last `refresh`). */
  isRunningElsewhere(id: string): boolean {
    return !this.running.has(id) && this.elsewhere.has(id);
  }

  lastRun(id: string): ConnectorRunView | null {
    return this.lastRuns.get(id) ?? null;
  }

  nextRunAt(id: string): string | null {
    const at = this.nextAt.get(id);
    return at === undefined ? null : new Date(at).toISOString();
  }

  /**
   * Read what other bridges did since (their runs' results, who runs what now), so the console
   * shows the same on every bridge behind a load balancer.
   */
  async refresh(): Promise<void> {
    for (const entry of this.deps.catalog.list()) {
      const { id } = entry.config;
      if (this.running.has(id)) continue;
      const before = this.lastRuns.get(id)?.startedAt;
      await this.loadLastRun(id);
      const wasWaiting = this.recheck.has(id);
      if (await this.deps.locks.runningElsewhere(sourceIdOf(entry))) this.elsewhere.add(id);
      else {
        // Free (and the database answers): the next run follows from the last one again.
        this.elsewhere.delete(id);
        this.recheck.delete(id);
      }
      if (this.lastRuns.get(id)?.startedAt !== before || wasWaiting !== this.recheck.has(id)) this.reschedule(id);
    }
  }

  /**
   * Run now; when a run of this connector is under way here, that run's result instead. Rejects
   * with SyncBusyError when another process or bridge is running it.
   */
  run(id: string): Promise<ConnectorRunView> {
    return this.launch(id, {}).done;
  }

  /**
   * Start a run and resolve as soon as it holds its source, with the promise of its result;
   * rejects with SyncBusyError when another process or bridge holds it (nothing is recorded
   * then: the run over there records its own result).
   */
  async begin(id: string, options: { onlyIfDue?: boolean } = {}): Promise<{ done: Promise<ConnectorRunView> }> {
    const { held, done } = this.launch(id, options);
    // A refusal reaches the caller through `held`; the same rejection of `done` is not news.
    done.catch(() => undefined);
    await held;
    return { done };
  }

  /**
   * `held` settles once the run holds its source (or was refused it); `done` is the run.
   * `onlyIfDue`: a scheduled start, which leaves it when another bridge has run the connector
   * since this one looked.
   */
  private launch(id: string, options: { onlyIfDue?: boolean }): { held: Promise<unknown>; done: Promise<ConnectorRunView> } {
    const current = this.running.get(id);
    if (current) return { held: Promise.resolve(), done: current };
    const entry = this.deps.catalog.get(id);
    if (!entry) {
      const missing = Promise.reject(new Error(`no connector "${id}"`));
      return { held: missing, done: missing };
    }
    const held = this.deps.locks.acquire(sourceIdOf(entry)).catch((err: unknown) => {
      // Held elsewhere, or the database did not answer: either way, look again later.
      this.recheck.add(id);
      if (err instanceof SyncBusyError) this.elsewhere.add(id);
      throw err;
    });
    const done = held
      .then(async (lock) => {
        this.elsewhere.delete(id);
        this.recheck.delete(id);
        try {
          if (options.onlyIfDue && !(await this.stillDue(entry))) return this.lastRuns.get(id)!;
          return await this.execute(entry, lock);
        } finally {
          await lock.release();
        }
      })
      .finally(() => {
        this.running.delete(id);
        this.aborts.delete(id);
        this.schedule(id, false);
      });
    this.running.set(id, done);
    return { held, done };
  }

  /** After a change in the console: new interval, or no more runs for a removed connector. */
  reschedule(id: string): void {
    const timer = this.timers.get(id);
    if (timer) clearTimeout(timer);
    this.timers.delete(id);
    this.nextAt.delete(id);
    if (!this.deps.catalog.get(id)) {
      this.aborts.get(id)?.abort();
      this.lastRuns.delete(id);
      this.elsewhere.delete(id);
      this.recheck.delete(id);
      return;
    }
    if (!this.running.has(id)) this.schedule(id, false);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    for (const a of this.aborts.values()) a.abort();
    await Promise.allSettled([...this.running.values()]);
  }

  private async loadLastRun(id: string): Promise<void> {
    const raw = await this.deps.settings.get(runKey(id));
    if (raw) this.lastRuns.set(id, JSON.parse(raw) as ConnectorRunView);
  }

  private dueAt(id: string): number {
    const entry = this.deps.catalog.get(id);
    const last = this.lastRuns.get(id);
    if (!entry || !last) return this.clock().getTime();
    return Date.parse(last.startedAt) + (everyMs(entry.config.every) ?? 3_600_000);
  }

  /** With the source held: whether no other bridge has run the connector since it fell due here. */
  private async stillDue(entry: ConnectorEntry): Promise<boolean> {
    await this.loadLastRun(entry.config.id);
    return this.dueAt(entry.config.id) <= this.clock().getTime();
  }

  private schedule(id: string, atStart: boolean): void {
    const entry = this.deps.catalog.get(id);
    const pending = this.timers.get(id);
    if (pending) clearTimeout(pending);
    this.timers.delete(id);
    if (this.stopped || !entry || !entry.config.enabled) return;
    const now = this.clock().getTime();
    // Running on another bridge: look again soon; its result then sets the next run.
    const due = this.recheck.has(id) ? now + Math.min(RECHECK_MS, everyMs(entry.config.every) ?? RECHECK_MS) : this.dueAt(id);
    const at = Math.max(due, now + (atStart ? START_DELAY_MS : 0));
    this.nextAt.set(id, at);
    const timer = setTimeout(() => {
      this.timers.delete(id);
      void this.scheduledRun(id);
    }, Math.min(at - now, 2_147_000_000));
    timer.unref();
    this.timers.set(id, timer);
  }

  private async scheduledRun(id: string): Promise<void> {
    try {
      // Another bridge may have run it meanwhile: its result, in the shared settings, decides.
      await this.loadLastRun(id);
      if (this.dueAt(id) > this.clock().getTime()) {
        this.elsewhere.delete(id);
        this.recheck.delete(id);
        this.schedule(id, false);
        return;
      }
      await (await this.begin(id, { onlyIfDue: true })).done;
    } catch (err) {
      if (err instanceof SyncBusyError) {
        this.deps.log.info('connector runs elsewhere', { connector: id });
        this.schedule(id, false);
        return;
      }
      this.deps.log.error('connector run failed', { connector: id, error: String(err) });
      if (!this.running.has(id) && !this.timers.has(id)) this.schedule(id, false);
    }
  }

  private async execute(entry: ConnectorEntry, lock: SourceLock): Promise<ConnectorRunView> {
    const { id } = entry.config;
    const started = this.clock();
    const t0 = performance.now();
    const abort = new AbortController();
    this.aborts.set(id, abort);
    this.nextAt.delete(id);
    const signal = AbortSignal.any([abort.signal, lock.lost]);
    const problems: ConnectorProblem[] = [];
    const log = this.deps.log;
    let view: ConnectorRunView;
    let spool: Spool | null = null;
    let writing = false;
    try {
      const previousState = await readState(this.deps.settings, id);
      const skip = (where: string, field: string, message: string) => {
        if (problems.length < MAX_PROBLEMS) problems.push({ where, field, message });
      };
      // Everything first, into the spool, on a worker thread (the source's answers are parsed
      // there, off the popup's event loop): a source that fails half-way has written nothing.
      spool = await Spool.reserve();
      const job = { config: entry.config, password: entry.password, numbering: { ...this.deps.numbering }, previousState, spoolDir: spool.dir, maxSkips: MAX_PROBLEMS };
      const fetched = await fetchInWorker(job, signal, { skip, log });
      spool.lines = fetched.lines;
      spool.bytes = fetched.bytes;
      const keepLines = new Set(fetched.keepLines);
      const fetchedMs = Math.round(performance.now() - t0);
      signal.throwIfAborted();
      writing = true;
      const report = await this.deps.sync(sourceIdOf(entry), untilAborted(spool.read(), signal), heldLock(lock));
      if (!report.complete) throw new Error(report.error ?? 'the sync stream broke off');
      if (fetched.nextState !== null) await writeState(this.deps.settings, id, fetched.nextState);
      for (const e of report.errors) {
        // A keep line's refusal is by design; the connector reported the real reason already.
        if (!keepLines.has(e.line) && problems.length < MAX_PROBLEMS) problems.push({ where: `line ${e.line}`, field: e.field, message: e.message });
      }
      const counts = { customers: report.customers, documents: report.documents, conversations: report.conversations };
      view = { startedAt: started.toISOString(), durationMs: Math.round(performance.now() - t0), ok: true, counts, error: null, errorCode: null, problems };
      log.info('connector run', { connector: id, kind: entry.config.kind, durationMs: view.durationMs, fetchedMs, lines: spool.lines, spoolBytes: spool.bytes, problems: problems.length, fetchThread: fetched.thread });
    } catch (err) {
      const stopped = writing ? 'the records written so far are kept, nothing was deleted' : 'nothing of this run was written';
      const error = lock.lost.aborted
        ? `stopped: another process took this source over while the run stalled; ${stopped}`
        : abort.signal.aborted
          ? `stopped: the bridge shut down or the connector was removed; ${stopped}`
          : plainError(err);
      const code = signal.aborted ? null : errorCode(err);
      view = { startedAt: started.toISOString(), durationMs: Math.round(performance.now() - t0), ok: false, counts: {}, error, errorCode: code, problems };
      log.warn('connector run failed', { connector: id, kind: entry.config.kind, error });
    } finally {
      await spool?.remove();
    }
    this.lastRuns.set(id, view);
    if (this.deps.catalog.get(id)) await this.deps.settings.set(runKey(id), JSON.stringify(view));
    return view;
  }
}

/**
 * The spool as the write path reads it, ending with an error when the bridge shuts down (or the
 * lease was lost) mid-write: the write path then stops between batches and deletes nothing.
 * What it wrote stays; it came from a complete fetch, so it is the source's current state.
 */
async function* untilAborted(chunks: AsyncIterable<Uint8Array>, signal: AbortSignal): AsyncGenerator<Uint8Array> {
  for await (const chunk of chunks) {
    signal.throwIfAborted();
    yield chunk;
  }
}
