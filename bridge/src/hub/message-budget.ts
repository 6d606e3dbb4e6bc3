import type { RateLimit } from '../http/rate-limit.js';
import type { Buckets } from '../cluster/local-fallback.js';
import { bucketKey } from '../cluster/coordination.js';
import type { Logger } from '../util/logger.js';

/** Agents whose allowance this instance remembers; past it the least recently used goes. */
const MAX_AGENTS = 10_000;

interface Lease {
  /** Tokens drawn from the shared bucket and not yet used here; below 0 while on credit. */
  balance: number;
  /** The shared bucket said "empty": refuse until then (monotonic ms). */
  blockedUntil: number;
  /** The draw under way, if any. */
  drawing: Promise<void> | null;
}

/**
 * One agent's budget of socket messages (`RINGSIDE_AGENT_MESSAGE_RATE`), all its sockets on
 * all instances together, in the shared bucket `agent-msg:<agent id>`.
 *
 * Why not one shared-state call per message: the check runs before a frame is parsed and
 * decides whether the socket is read on, so it has to answer at once; a Redis round trip on
 * every message would add latency to every search and card an agent asks for. Instead each
 * instance draws tokens in chunks (a quarter second's worth: 5 at the default 20/s) and hands
 * them out locally, drawing the next chunk in the background when half is used. So Redis sees
 * one call per few messages and none is on a message's path. The price is a little slack,
 * never a refusal of a well-behaved agent:
 * - an instance may hold up to one chunk that its agent has not used yet;
 * - the first chunk is drawn during the hello (prime), so an agent starts with tokens in hand;
 * - with nothing in hand and no draw under way (the first message after a throttle), one
 *   message passes on credit while the draw runs; what it took is paid back from the chunk
 *   that comes;
 * - messages that arrive while that draw is under way (faster than one round trip) are refused
 *   for a second, which only a flood does.
 * In one process (no Redis) the draw resolves before the next message is read, so the budget
 * is as exact as a local bucket.
 */
export class MessageBudget {
  private readonly leases = new Map<string, Lease>();
  private readonly chunk: number;

  constructor(
    private readonly shared: Pick<Buckets, 'draw'>,
    private readonly limit: RateLimit,
    private readonly opts: { log?: Logger; now?: () => number } = {},
  ) {
    this.chunk = Math.max(1, Math.min(limit.burst, Math.ceil(limit.perSecond / 4)));
  }

  /** 0 when the agent's message may be handled now, else the seconds to wait. Never waits itself. */
  take(agentId: string): number {
    if (this.limit.perSecond <= 0) return 0;
    const lease = this.lease(agentId);
    const blockedFor = lease.blockedUntil - this.now();
    if (lease.balance > 0) {
      // Tokens in hand are spent even when the shared bucket has run dry meanwhile.
      lease.balance--;
      if (lease.balance < this.chunk / 2 && blockedFor <= 0) this.refill(agentId, lease);
      return 0;
    }
    if (blockedFor > 0) return Math.ceil(blockedFor / 1000);
    if (lease.drawing) return 1;
    lease.balance--;
    this.refill(agentId, lease);
    return 0;
  }

  /**
   * Draw a first chunk when an agent says hello (one round trip per socket, before its welcome),
   * so its first messages neither go on credit nor meet a draw under way.
   */
  prime(agentId: string): Promise<void> {
    if (this.limit.perSecond <= 0) return Promise.resolve();
    const lease = this.lease(agentId);
    if (lease.balance < this.chunk / 2 && lease.blockedUntil <= this.now()) this.refill(agentId, lease);
    return lease.drawing ?? Promise.resolve();
  }

  private refill(agentId: string, lease: Lease): void {
    if (lease.drawing) return;
    lease.drawing = this.shared
      .draw(bucketKey.agentMessages(agentId), this.limit, this.chunk)
      .then(({ granted, retryAfter }) => {
        lease.balance += granted;
        if (granted === 0) lease.blockedUntil = this.now() + retryAfter * 1000;
      })
      .catch((err: unknown) => this.opts.log?.error('message budget not drawn', { agent: agentId, error: String(err) }))
      .finally(() => (lease.drawing = null));
  }

  private lease(agentId: string): Lease {
    let lease = this.leases.get(agentId);
    if (lease) {
      // Re-inserted: Map order is insertion order, so the first key is the least recently used.
      this.leases.delete(agentId);
    } else {
      lease = { balance: 0, blockedUntil: 0, drawing: null };
      if (this.leases.size >= MAX_AGENTS) this.leases.delete(this.leases.keys().next().value!);
    }
    this.leases.set(agentId, lease);
    return lease;
  }

  private now(): number {
    return this.opts.now ? this.opts.now() : performance.now();
  }
}
