import type { CallPublisher } from '../calls/call-service.js';
import type { CallRepo } from '../store/store.js';
import type { Logger } from '../util/logger.js';
import type { Coordination, PublishedEvent } from './coordination.js';

export interface EventRelayOptions {
  coordination: Coordination;
  journal: Pick<CallRepo, 'eventsAfter' | 'lastEventId'>;
  /** This instance's sockets (the hub). */
  deliver: (event: PublishedEvent) => void;
  clock: () => Date;
  /** Catch-up reads no further back than the replay window. */
  windowMs: number;
  log: Logger;
  /**
   * With Redis: how often the journal's last id is compared with what arrived, for a message
   * lost without a later one to reveal the gap (a publisher killed between commit and publish,
   * Redis away). 0: never (one instance, where nothing travels).
   */
  pollMs: number;
}

/** Events that arrived ahead of a gap; past this the journal is read instead. */
const MAX_HELD = 10_000;
/**
 * How long an event ahead of a gap waits for the missing one before the journal is read.
 * Concurrent commits on one instance are published in any order, so small gaps are normal and
 * usually close within a millisecond; reading the journal for each would load the database
 * just when it is busiest. A gap that stays (a blocked caller is journaled but not published,
 * a publisher died) costs this much latency, never the event.
 */
const GAP_GRACE_MS = 30;

/**
 * Hands every journaled call event to this instance's sockets exactly once and in event-id
 * order, wherever it was journaled. Event ids are commit-ordered and gap-free (the store's
 * contract), so the relay knows which id comes next: an event ahead of it waits while the
 * journal, the source of truth, is read for the ones in between. The bus only makes the
 * delivery early; anything it loses, duplicates or reorders is corrected from the journal.
 */
export class EventRelay implements CallPublisher {
  private cursor = 0;
  private readonly held = new Map<number, PublishedEvent>();
  private catchingUp: Promise<void> | null = null;
  private again = false;
  private poll: NodeJS.Timeout | undefined;
  private gapTimer: NodeJS.Timeout | undefined;
  private publishFailing = false;

  constructor(private readonly opts: EventRelayOptions) {}

  async start(): Promise<void> {
    this.cursor = await this.opts.journal.lastEventId();
    if (this.opts.pollMs > 0) {
      this.poll = setInterval(() => void this.checkJournal(), this.opts.pollMs);
      this.poll.unref();
    }
  }

  stop(): void {
    clearInterval(this.poll);
    clearTimeout(this.gapTimer);
  }

  /** The id this instance has delivered up to. */
  get delivered(): number {
    return this.cursor;
  }

  /** From CallService, after the commit: to this instance's sockets now, to the others via the bus. */
  publish(event: PublishedEvent): void {
    this.receive(event);
    this.opts.coordination.publishCall(event).then(
      () => (this.publishFailing = false),
      (err: unknown) => {
        // The other instances find it in the journal (poll or the next event's gap). Said once
        // per outage, not once per call.
        if (this.publishFailing) return;
        this.publishFailing = true;
        this.opts.log.warn('call events not published to other instances until Redis is back; they read the journal', { eventId: event.eventId, error: String(err) });
      },
    );
  }

  /** An event from the bus (any instance's, this one's echo included). */
  receive(event: PublishedEvent): void {
    if (event.eventId <= this.cursor) return;
    if (event.eventId === this.cursor + 1) {
      this.advance(event);
      this.release();
      return;
    }
    if (this.held.size < MAX_HELD) this.held.set(event.eventId, event);
    else void this.catchUp();
    this.gapTimer ??= setTimeout(() => {
      this.gapTimer = undefined;
      if (this.held.size > 0) void this.catchUp();
    }, GAP_GRACE_MS);
  }

  /** Read the journal after the cursor (after a gap, a bus outage or a poll that found more). */
  catchUp(): Promise<void> {
    if (this.catchingUp) {
      this.again = true;
      return this.catchingUp;
    }
    this.catchingUp = (async () => {
      try {
        do {
          this.again = false;
          await this.readJournal();
        } while (this.again);
      } catch (err) {
        // The database is away: the next event, poll or resync tries again.
        this.opts.log.warn('journal catch-up failed', { after: this.cursor, error: String(err) });
      } finally {
        this.catchingUp = null;
      }
    })();
    return this.catchingUp;
  }

  private async readJournal(): Promise<void> {
    // Only events held before this read began are known to be visible to it.
    const heldBefore = [...this.held.keys()];
    for (;;) {
      const notBefore = new Date(this.opts.clock().getTime() - this.opts.windowMs).toISOString();
      const events = await this.opts.journal.eventsAfter(this.cursor, notBefore);
      const fresh = events.filter((e) => e.eventId > this.cursor);
      if (fresh.length === 0) break;
      for (const e of fresh) this.advance({ eventId: e.eventId, source: e.source, targets: e.targets, payload: e.payload });
      this.release();
    }
    // Every held event is committed, and so is every smaller id (commit order). Ids still missing
    // are outside the replay window or purged: nobody can be sent them any more, so skip them.
    const stillHeld = heldBefore.filter((id) => this.held.has(id));
    if (stillHeld.length > 0) {
      const first = Math.min(...stillHeld);
      this.opts.log.warn('call events not in the journal, skipped', { from: this.cursor + 1, to: first - 1 });
      this.cursor = first - 1;
      this.release();
    }
  }

  private async checkJournal(): Promise<void> {
    try {
      if ((await this.opts.journal.lastEventId()) > this.cursor) await this.catchUp();
    } catch {
      // Reported by /readyz; the next poll tries again.
    }
  }

  private advance(event: PublishedEvent): void {
    this.cursor = event.eventId;
    this.held.delete(event.eventId);
    this.opts.deliver(event);
  }

  /** Deliver held events that are next in line now; drop those already delivered. */
  private release(): void {
    for (const id of [...this.held.keys()]) if (id <= this.cursor) this.held.delete(id);
    let next = this.held.get(this.cursor + 1);
    while (next) {
      this.advance(next);
      next = this.held.get(this.cursor + 1);
    }
  }
}
