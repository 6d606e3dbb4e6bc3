import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { LeaseRepo } from '../store/store.js';
import type { Logger } from '../util/logger.js';

/** A second sync of a source while one runs: refused at once (HTTP 409), never queued. */
export class SyncBusyError extends Error {
  /** `elsewhere`: the run holding the source is in another process or bridge on this database. */
  constructor(
    readonly source: string,
    readonly elsewhere = false,
  ) {
    super(
      elsewhere
        ? `a sync of source "${source}" is running in another process or bridge on this database; try again when it has finished`
        : `a sync of source "${source}" is already running; try again when it has finished`,
    );
    this.name = 'SyncBusyError';
  }
}

/** One source held for one run. */
export interface SourceLock {
  readonly source: string;
  /**
   * Aborted when the lease was lost: its renewal found another holder (this process stalled
   * past the lease's time, and another took it over). The run should stop writing.
   */
  readonly lost: AbortSignal;
  release(): Promise<void>;
}

/** What a sync run asks for the source it writes: runSync takes the lock and releases it. */
export interface SyncLocks {
  acquire(source: string): Promise<SourceLock>;
}

/** How long a lease lasts without renewal: a crashed holder blocks its source at most this long. */
export const LEASE_TTL_MS = 60_000;

const leaseName = (source: string) => `sync:${source}`;

/**
 * Which sources are syncing. Two overlapping full syncs of one source would each sweep what
 * the other wrote, so the second is refused rather than made to wait: a caller that waited
 * would hold its request (and its stream) open for minutes. Within this process a set decides;
 * with `leases` (the store's), a lease per source also keeps other processes and bridges on the
 * same database out, renewed while the run lasts.
 */
export class SourceLocks implements SyncLocks {
  private readonly running = new Set<string>();
  /** Who this process is in the lease table: readable for whoever looks at it. */
  readonly holder = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly ttlMs: number;

  constructor(
    private readonly leases: LeaseRepo | null = null,
    private readonly options: { ttlMs?: number; log?: Logger } = {},
  ) {
    this.ttlMs = options.ttlMs ?? LEASE_TTL_MS;
  }

  /** Throws SyncBusyError when the source is syncing here or elsewhere. */
  async acquire(source: string): Promise<SourceLock> {
    if (this.running.has(source)) throw new SyncBusyError(source);
    // Taken before the first await, so two runs in this process cannot both get past here.
    this.running.add(source);
    const lost = new AbortController();
    let renewal: NodeJS.Timeout | null = null;
    try {
      if (this.leases && !(await this.leases.acquire(leaseName(source), this.holder, this.ttlMs))) throw new SyncBusyError(source, true);
    } catch (err) {
      this.running.delete(source);
      throw err;
    }
    if (this.leases) renewal = this.renewEvery(source, lost);
    let released = false;
    return {
      source,
      lost: lost.signal,
      release: async () => {
        if (released) return;
        released = true;
        if (renewal) clearInterval(renewal);
        this.running.delete(source);
        await this.leases?.release(leaseName(source), this.holder).catch((err: unknown) => {
          // It runs out by itself within the lease's time.
          this.options.log?.warn('sync lease not released', { source, error: String(err) });
        });
      },
    };
  }

  private renewEvery(source: string, lost: AbortController): NodeJS.Timeout {
    const leases = this.leases!;
    const timer = setInterval(() => {
      leases.renew(leaseName(source), this.holder, this.ttlMs).then(
        (held) => {
          if (held || lost.signal.aborted) return;
          clearInterval(timer);
          this.options.log?.error('sync lease lost: another process took this source over', { source });
          lost.abort(new SyncBusyError(source, true));
        },
        // The database is away for a moment; the next renewal tries again, and while nobody
        // else has taken the lease it is still ours.
        (err: unknown) => this.options.log?.warn('sync lease not renewed', { source, error: String(err) }),
      );
    }, Math.max(1, Math.floor(this.ttlMs / 4)));
    timer.unref();
    return timer;
  }

  /** Whether a run in this process holds the source. */
  isRunning(source: string): boolean {
    return this.running.has(source);
  }

  /** Whether another process or bridge on this database is syncing the source now. */
  async runningElsewhere(source: string): Promise<boolean> {
    if (!this.leases) return false;
    const holder = await this.leases.holder(leaseName(source));
    return holder !== null && holder !== this.holder;
  }
}

/**
 * The locks of a run that already holds its source (a connector run holds it from the first
 * fetch to the last write): hands out that lock again, and leaves the release to its owner.
 */
export function heldLock(lock: SourceLock): SyncLocks {
  return {
    acquire: async (source) => {
      if (source !== lock.source) throw new Error(`this run holds source "${lock.source}", not "${source}"`);
      return { source, lost: lock.lost, release: async () => undefined };
    },
  };
}
