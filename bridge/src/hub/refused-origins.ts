/**
 * Extension origins the allowlist turned away, for the console's "allow" button. Kept in the
 * store, so every instance lists the same and a restart forgets nothing; bounded to the 20 seen
 * last (the Origin header is the client's to choose, so a flood of made-up ones only pushes out
 * others). Noted without a write on the refusal's path: a batch is written a moment later.
 */
import type { RefusedOrigin } from '@ringside/shared';
import type { RefusedOriginRecord, RefusedOriginRepo } from '../store/store.js';
import type { Logger } from '../util/logger.js';
import { WriteBehind } from '../util/write-behind.js';

export const MAX_REFUSED_ORIGINS = 20;
/** Not refused for this long, a browser is no longer listed (uninstalled, or its owner gave up). */
export const REFUSED_LISTED_DAYS = 30;
const WRITE_DELAY_MS = 200;

export class RefusedOrigins {
  private readonly writer: WriteBehind<RefusedOriginRecord>;

  constructor(
    private readonly repo: RefusedOriginRepo,
    log: Pick<Logger, 'warn'>,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.writer = new WriteBehind({
      delayMs: WRITE_DELAY_MS,
      maxPending: 100,
      merge: (a, b) => ({ origin: a.origin, attempts: a.attempts + b.attempts, lastSeen: a.lastSeen > b.lastSeen ? a.lastSeen : b.lastSeen }),
      write: (batch) => repo.note(batch, MAX_REFUSED_ORIGINS),
      log,
      what: 'refused origins',
    });
  }

  record(origin: string): void {
    this.writer.add(origin, { origin, lastSeen: this.clock().toISOString(), attempts: 1 });
  }

  /** Newest first, refused in the last 30 days, without the ones the allowlist now names. */
  async list(allowed: readonly string[]): Promise<RefusedOrigin[]> {
    await this.writer.flush();
    const notBefore = new Date(this.clock().getTime() - REFUSED_LISTED_DAYS * 86_400_000).toISOString();
    return (await this.repo.list()).filter((e) => e.lastSeen >= notBefore && !allowed.includes(e.origin));
  }

  /** Allowed now: they leave the list. */
  async forget(origins: readonly string[]): Promise<void> {
    await this.writer.flush();
    await this.repo.forget([...origins]);
  }

  /** Write what waits (at shutdown). */
  close(): Promise<void> {
    return this.writer.flush();
  }
}
