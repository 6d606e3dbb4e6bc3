import { everyMs, type ConnectorProblem, type ConnectorRunView } from '@ringside/shared';
import type { NumberingConfig } from '../phone/normalize.js';
import type { SettingsRepo } from '../store/store.js';
import type { Logger } from '../util/logger.js';
import type { ConnectorCatalog, ConnectorEntry } from './catalog.js';
import { keepMarkers, type RunContext } from './connector.js';
import { errorCode, plainError } from './plain-error.js';
import { connectorFor } from './registry.js';
import type { SyncTarget } from './sync-port.js';

const MAX_PROBLEMS = 100;
/** After a start, connectors that are due wait this long, so the bridge answers first. */
const START_DELAY_MS = 5_000;

export interface RunnerDeps {
  catalog: ConnectorCatalog;
  /** Connector state (sync tokens, caches) and the last run of each, across restarts. */
  settings: SettingsRepo;
  sync: SyncTarget;
  numbering: NumberingConfig;
  log: Logger;
  clock?: () => Date;
}

/** The source id a connector's records are written under: `carddav-nextcloud`. */
export const sourceIdOf = (entry: ConnectorEntry) => `${entry.config.kind}-${entry.config.id}`;

const stateKey = (id: string) => `connector-state:${id}`;
const runKey = (id: string) => `connector-run:${id}`;

/**
 * Runs each connector on its schedule and on demand, never two runs of one connector at once.
 * A run is a full sync through the write path; its connector state is kept only when the write
 * path accepted the whole run, so a failed run is simply repeated from the old state.
 */
export class ConnectorRunner {
  private readonly running = new Map<string, Promise<ConnectorRunView>>();
  private readonly aborts = new Map<string, AbortController>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly nextAt = new Map<string, number>();
  private readonly lastRuns = new Map<string, ConnectorRunView>();
  private stopped = false;
  private readonly clock: () => Date;

  constructor(private readonly deps: RunnerDeps) {
    this.clock = deps.clock ?? (() => new Date());
  }

  /** Load the last runs and schedule every enabled connector. */
  async start(): Promise<void> {
    for (const entry of this.deps.catalog.list()) {
      const raw = await this.deps.settings.get(runKey(entry.config.id));
      if (raw) this.lastRuns.set(entry.config.id, JSON.parse(raw) as ConnectorRunView);
      this.schedule(entry.config.id, true);
    }
  }

  isRunning(id: string): boolean {
    return this.running.has(id);
  }

  lastRun(id: string): ConnectorRunView | null {
    return this.lastRuns.get(id) ?? null;
  }

  nextRunAt(id: string): string | null {
    const at = this.nextAt.get(id);
    return at === undefined ? null : new Date(at).toISOString();
  }

  /** Run now; when a run of this connector is under way, that run's result instead. */
  run(id: string): Promise<ConnectorRunView> {
    const current = this.running.get(id);
    if (current) return current;
    const entry = this.deps.catalog.get(id);
    if (!entry) return Promise.reject(new Error(`no connector "${id}"`));
    const promise = this.execute(entry).finally(() => {
      this.running.delete(id);
      this.aborts.delete(id);
      this.schedule(id, false);
    });
    this.running.set(id, promise);
    return promise;
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

  private schedule(id: string, atStart: boolean): void {
    const entry = this.deps.catalog.get(id);
    if (this.stopped || !entry || !entry.config.enabled) return;
    const interval = everyMs(entry.config.every) ?? 3_600_000;
    const now = this.clock().getTime();
    const last = this.lastRuns.get(id);
    const due = last ? Date.parse(last.startedAt) + interval : now;
    const at = Math.max(due, now + (atStart ? START_DELAY_MS : 0));
    this.nextAt.set(id, at);
    const timer = setTimeout(() => {
      this.timers.delete(id);
      this.run(id).catch((err: unknown) => this.deps.log.error('connector run failed', { connector: id, error: String(err) }));
    }, Math.min(at - now, 2_147_000_000));
    timer.unref();
    this.timers.set(id, timer);
  }

  private async execute(entry: ConnectorEntry): Promise<ConnectorRunView> {
    const { id } = entry.config;
    const started = this.clock();
    const t0 = performance.now();
    const abort = new AbortController();
    this.aborts.set(id, abort);
    this.nextAt.delete(id);
    const problems: ConnectorProblem[] = [];
    let nextState: unknown;
    const log = this.deps.log;
    let view: ConnectorRunView;
    try {
      const previous = await this.deps.settings.get(stateKey(id));
      const ctx: RunContext = {
        password: entry.password,
        numbering: this.deps.numbering,
        log,
        previousState: previous ? JSON.parse(previous) : null,
        setNextState: (s) => (nextState = s),
        signal: abort.signal,
        skip: (where, field, message) => {
          if (problems.length < MAX_PROBLEMS) problems.push({ where, field, message });
        },
      };
      const lines = connectorFor(entry.config.kind).pull(entry.config, ctx);
      const watched = watch(lines, abort.signal);
      const report = await this.deps.sync(sourceIdOf(entry), watched.lines).catch((err: unknown) => {
        throw watched.failure() ?? err;
      });
      // The write path keeps the connector's own error as text; the error itself words it better.
      if (!report.complete) throw watched.failure() ?? new Error(report.error ?? 'the sync stream broke off');
      if (nextState !== undefined) await this.deps.settings.set(stateKey(id), JSON.stringify(nextState));
      for (const e of report.errors) {
        // A keep line's refusal is by design; the connector reported the real reason already.
        if (!watched.keepLines.has(e.line) && problems.length < MAX_PROBLEMS) problems.push({ where: `line ${e.line}`, field: e.field, message: e.message });
      }
      const counts = { customers: report.customers, documents: report.documents, conversations: report.conversations };
      view = { startedAt: started.toISOString(), durationMs: Math.round(performance.now() - t0), ok: true, counts, error: null, errorCode: null, problems };
      log.info('connector run', { connector: id, kind: entry.config.kind, durationMs: view.durationMs, problems: problems.length });
    } catch (err) {
      const error = abort.signal.aborted ? 'stopped: the bridge shut down or the connector was removed' : plainError(err);
      const code = abort.signal.aborted ? null : errorCode(err);
      view = { startedAt: started.toISOString(), durationMs: Math.round(performance.now() - t0), ok: false, counts: {}, error, errorCode: code, problems };
      log.warn('connector run failed', { connector: id, kind: entry.config.kind, error });
    }
    this.lastRuns.set(id, view);
    if (this.deps.catalog.get(id)) await this.deps.settings.set(runKey(id), JSON.stringify(view));
    return view;
  }
}

/**
 * Stop a run between two records when the bridge shuts down, keep what the connector threw,
 * and note the line numbers (counted from 1, as the write path does) of keep lines.
 */
function watch<T extends object>(source: AsyncIterable<T>, signal: AbortSignal): { lines: AsyncIterable<T>; failure: () => unknown; keepLines: Set<number> } {
  let failure: unknown;
  const keepLines = new Set<number>();
  let n = 0;
  async function* lines(): AsyncGenerator<T> {
    try {
      for await (const line of source) {
        if (signal.aborted) throw new Error('aborted');
        n++;
        if (keepMarkers.has(line)) keepLines.add(n);
        yield line;
      }
    } catch (err) {
      failure = err;
      throw err;
    }
  }
  return { lines: lines(), failure: () => failure, keepLines };
}
