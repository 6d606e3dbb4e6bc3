import type { UnmappedIdentifierView } from '@ringside/shared';
import type { UnmappedRecord, UnmappedRepo, UnmappedSighting } from '../store/store.js';
import type { Logger } from '../util/logger.js';
import { WriteBehind } from '../util/write-behind.js';

/** Enough to see what a phone system sends; an endless stream of made-up ids cannot grow the table. */
export const MAX_UNMAPPED_PER_SOURCE = 50;
/** Not seen for this long, an identifier is no longer listed (an extension removed from the phone system). */
export const UNMAPPED_LISTED_DAYS = 30;
/** A burst of calls naming the same ids becomes one write. */
const WRITE_DELAY_MS = 200;

export interface UnmappedDeps {
  repo: UnmappedRepo;
  clock?: () => Date;
  log: Pick<Logger, 'warn'>;
  /** Whether an identifier of a source names an agent now (agents/identity.ts). */
  isMapped: (source: string, identifier: string) => boolean;
}

/**
 * Identifiers a source named that belong to no agent, for the console's "assign". Such calls ring
 * every agent meanwhile, so nothing is lost while the list waits. Kept in the store, so every
 * instance lists the same and a restart forgets nothing; written batched a moment after the call
 * (util/write-behind.ts), never on the ringing path, and only when something was unassigned.
 */
export class UnmappedIdentifiers {
  private readonly writer: WriteBehind<UnmappedSighting>;
  private readonly clock: () => Date;

  constructor(private readonly deps: UnmappedDeps) {
    this.clock = deps.clock ?? (() => new Date());
    this.writer = new WriteBehind({
      delayMs: WRITE_DELAY_MS,
      maxPending: 200,
      merge: (a, b) => ({ ...b, count: a.count + b.count, lastSeenAt: a.lastSeenAt > b.lastSeenAt ? a.lastSeenAt : b.lastSeenAt }),
      write: (batch) => deps.repo.note(batch, MAX_UNMAPPED_PER_SOURCE),
      log: deps.log,
      what: 'unassigned identifiers',
    });
  }

  /**
   * `alternatives`: the identifiers are several names of one target (Fritz!Box: the MSN and the
   * line), so each is noted with the others, and assigning one of them clears them all.
   */
  seen(source: string, role: UnmappedIdentifierView['role'], identifiers: readonly string[], alternatives = false): void {
    const lastSeenAt = this.clock().toISOString();
    for (const identifier of identifiers) {
      const alsoNamed = alternatives ? identifiers.filter((i) => i !== identifier) : [];
      this.writer.add(`${source}\u0000${role}\u0000${identifier}`, { source, role, identifier, count: 1, lastSeenAt, alsoNamed });
    }
  }

  /**
   * Per source, newest first: what is still unassigned now and was seen in the last 30 days. An
   * identifier given to an agent since
   * (in the console or the agent form, on any instance) is left out, and so is one seen only
   * together with a name that is assigned now (the Fritz!Box line once its MSN is mapped).
   */
  async list(): Promise<Map<string, UnmappedIdentifierView[]>> {
    await this.writer.flush();
    const notBefore = new Date(this.clock().getTime() - UNMAPPED_LISTED_DAYS * 86_400_000).toISOString();
    const bySource = new Map<string, UnmappedIdentifierView[]>();
    for (const u of await this.deps.repo.list()) {
      if (u.lastSeenAt >= notBefore && this.stillUnassigned(u)) {
        const list = bySource.get(u.source) ?? [];
        list.push({ identifier: u.identifier, role: u.role, lastSeenAt: u.lastSeenAt, count: u.count });
        bySource.set(u.source, list);
      }
    }
    return bySource;
  }

  /** Once assigned, an identifier is mapped: it leaves the list in both roles, with the names seen only together with it. */
  async forget(source: string, identifier: string): Promise<void> {
    await this.writer.flush();
    const together = (await this.deps.repo.list()).filter((u) => u.source === source && u.alsoNamed.includes(identifier)).map((u) => u.identifier);
    await this.deps.repo.forget(source, [identifier, ...together]);
  }

  /** Write what waits (at shutdown). */
  close(): Promise<void> {
    return this.writer.flush();
  }

  private stillUnassigned(u: UnmappedRecord): boolean {
    return !this.deps.isMapped(u.source, u.identifier) && !u.alsoNamed.some((other) => this.deps.isMapped(u.source, other));
  }
}
