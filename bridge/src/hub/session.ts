import type { WebSocket } from 'ws';
import { CloseCode, PROTOCOL_VERSION, decodeJson, parseClientMessage, type ClientMessage, type ServerMessage } from '@ringside/shared';
import type { AgentDirectory } from '../agents/directory.js';
import { isAddressedTo } from '../agents/routing.js';
import { StoreUnavailableError, type AgentRecord, type Store } from '../store/store.js';
import type { Logger } from '../util/logger.js';
import { hashToken } from '../util/tokens.js';
import type { FailedAttempts } from '../http/failed-attempts.js';

export interface SessionOptions {
  store: Store;
  agents: AgentDirectory;
  log: Logger;
  clock: () => Date;
  helloTimeoutMs: number;
  replayWindowMs: number;
  /** Messages of this socket that may wait to be handled; one more closes it (CloseCode.rateLimited). */
  maxQueued: number;
  /** Takes one message from the agent's budget: 0 when it may be handled, else seconds to wait. */
  takeMessage: (agentId: string) => number;
  /** The client address of the upgrade request, for the budget of failed hellos. */
  address: string | undefined;
  failures: FailedAttempts;
  /** Called once the token is accepted; false when the agent has too many sockets already. */
  onAuthenticated: (agentId: string) => boolean;
  /** Awaited before the welcome (the hub draws the agent's first message tokens). */
  beforeWelcome?: (agentId: string) => Promise<void>;
  onClose: () => void;
}

/** A client that cannot keep up is cut off before its backlog grows the bridge's memory. */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;
const SEARCH_LIMIT = 20;
/** Throttled this many times without a calm spell in between, a socket is closed (CloseCode.rateLimited). */
const MAX_THROTTLES = 3;
/** A throttled socket that then keeps within its budget this long starts with a clean slate. */
const CALM_MS = 10_000;

/** Resolves after the event loop has handled pending I/O once. */
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

type Phase = 'hello' | 'replaying' | 'live' | 'closed';

/** One agent socket: hello, catch-up, live events, requests. */
export class AgentSession {
  private phase: Phase = 'hello';
  private agent: AgentRecord | undefined;
  /** The hash of the token this socket said hello with: re-checked when the agent changes. */
  private tokenHash: string | undefined;
  private alive = true;
  private lastSent = 0;
  /** Live events that arrive while the catch-up is being read from the journal. */
  private pending: { eventId: number; payload: string }[] = [];
  private readonly helloTimer: NodeJS.Timeout;
  /** Messages are handled one at a time, so a request sent right after hello waits for it. */
  private inbox: Promise<void> = Promise.resolve();
  /** Messages received and not yet handled: bounded by `maxQueued`. */
  private queued = 0;
  /** Over budget: the socket is not read until the budget has refilled. */
  private throttled: NodeJS.Timeout | undefined;
  /** Throttles since the last calm spell, and when the last one ended. */
  private throttles = 0;
  private lastThrottleEnd = -Infinity;

  constructor(
    private readonly ws: WebSocket,
    private readonly opts: SessionOptions,
  ) {
    this.helloTimer = setTimeout(() => this.close(CloseCode.protocolError, 'hello expected'), opts.helloTimeoutMs);
    ws.on('pong', () => (this.alive = true));
    ws.on('message', (data, isBinary) => {
      if (isBinary) return this.close(CloseCode.protocolError, 'text frames only');
      if (this.phase === 'closed' || !this.admit()) return;
      if (this.queued >= opts.maxQueued) {
        opts.log.warn('socket closed: too many queued messages', { agent: this.agent?.id ?? null, queued: this.queued });
        return this.close(CloseCode.rateLimited, `more than ${opts.maxQueued} messages waiting`);
      }
      this.queued++;
      const text = data.toString();
      // Each message waits for a turn of the event loop (setImmediate) before it is handled, so a
      // burst of admitted messages (a whole budget's worth arrives in one TCP read after a
      // throttle ends) never runs back to back as one chain of microtasks: a webhook or another
      // agent's socket gets the loop between any two searches.
      this.inbox = this.inbox.then(nextTurn).then(() =>
        this.onMessage(text)
          .catch((err: unknown) => {
            opts.log.error('socket message failed', { error: err instanceof Error ? err.message : String(err) });
            this.send({ type: 'error', code: 'internal', message: 'request failed' });
          })
          .finally(() => this.queued--),
      );
    });
    ws.on('close', () => this.closed());
    ws.on('error', () => this.closed());
  }

  /**
   * The agent's message budget, checked before a byte is parsed. Over it, the message is refused
   * with one `rate_limited` error and the socket is not read until the budget has refilled: a
   * flood then waits in the sender's TCP buffers and costs the bridge nothing (frames already
   * received are dropped unparsed). A socket throttled again and again is closed.
   */
  private admit(): boolean {
    if (!this.agent) return true;
    if (this.throttled) return false;
    const wait = this.opts.takeMessage(this.agent.id);
    if (wait === 0) return true;
    if (performance.now() - this.lastThrottleEnd > CALM_MS) this.throttles = 0;
    if (++this.throttles > MAX_THROTTLES) {
      this.opts.log.warn('socket closed: flooding', { agent: this.agent.id });
      this.close(CloseCode.rateLimited, 'too many messages');
      return false;
    }
    // Once per episode of flooding, not once per refused message.
    if (this.throttles === 1) this.opts.log.warn('socket messages over the agent limit, throttled', { agent: this.agent.id });
    this.send({ type: 'error', code: 'rate_limited', message: `too many messages; retry after ${wait} s` });
    this.ws.pause();
    this.throttled = setTimeout(() => {
      this.throttled = undefined;
      this.lastThrottleEnd = performance.now();
      if (this.phase !== 'closed') this.ws.resume();
    }, wait * 1000);
    return false;
  }

  get authenticated(): boolean {
    return this.agent !== undefined;
  }

  get agentId(): string | undefined {
    return this.agent?.id;
  }

  /**
   * Still the agent it said hello as, with a token that still works? Closed 4401 if not
   * (revoked or re-paired, possibly on another instance).
   */
  async revalidate(): Promise<void> {
    if (!this.agent || !this.tokenHash || this.phase === 'closed') return;
    const record = await this.opts.store.agents.byTokenHash(this.tokenHash);
    if (record?.id === this.agent.id && this.opts.agents.get(record.id)) return;
    this.opts.log.info('socket closed: agent revoked or re-paired', { agent: this.agent.id });
    this.close(CloseCode.unauthorized, 'agent revoked');
  }

  heartbeat(): void {
    if (this.phase === 'closed') return;
    if (!this.alive) {
      this.opts.log.info('socket missed a pong, terminating', { agent: this.agent?.id });
      this.terminate();
      return;
    }
    this.alive = false;
    this.ws.ping();
  }

  deliver(event: { eventId: number; source: string; targets: string[] | null; payload: string }): void {
    if (!this.agent || !isAddressedTo(event.targets, this.agent.id)) return;
    if (this.phase === 'replaying') this.pending.push(event);
    else if (this.phase === 'live') this.sendEvent(event);
  }

  close(code: number, reason: string): void {
    if (this.phase === 'closed') return;
    this.ws.close(code, reason);
    // A throttled socket is read again so the peer's close frame arrives (what it sent before
    // is dropped unparsed: the session is closed).
    if (this.throttled) this.ws.resume();
    this.closed();
  }

  /** Cut the connection now; the session counts as closed at once, so nothing is sent or logged after. */
  private terminate(): void {
    this.ws.terminate();
    this.closed();
  }

  private closed(): void {
    if (this.phase === 'closed') return;
    this.phase = 'closed';
    clearTimeout(this.helloTimer);
    clearTimeout(this.throttled);
    this.opts.onClose();
  }

  private async onMessage(text: string): Promise<void> {
    // Queued before the socket was closed (a refused hello, a flood cut off): nobody to answer.
    if (this.phase === 'closed') return;
    const json = decodeJson(text);
    const parsed = json.ok ? parseClientMessage(json.value) : json;
    if (!parsed.ok) {
      if (this.phase === 'hello') return this.close(CloseCode.protocolError, `invalid hello: ${parsed.field}`);
      return this.send({ type: 'error', code: 'invalid_message', message: parsed.message, field: parsed.field });
    }
    const msg = parsed.value;
    if (this.phase === 'hello') {
      if (msg.type !== 'hello') return this.close(CloseCode.protocolError, 'hello expected');
      return this.hello(msg).catch((err: unknown) => {
        // The database is away (PostgreSQL restarting): the client reconnects and resumes from
        // its lastEventId, rather than sit on a socket that never finished its hello.
        if (!(err instanceof StoreUnavailableError)) throw err;
        this.opts.log.warn('socket hello failed: database unavailable');
        this.close(CloseCode.restarting, 'database unavailable');
      });
    }
    await this.request(msg);
  }

  private async hello(msg: Extract<ClientMessage, { type: 'hello' }>): Promise<void> {
    clearTimeout(this.helloTimer);
    // An address that used up its failed attempts is refused before its token is looked at.
    const wait = await this.opts.failures.refused(this.opts.address);
    if (wait > 0) {
      this.opts.log.info('socket refused: too many failed attempts from this address', { address: this.opts.address ?? null });
      return this.close(CloseCode.rateLimited, `too many failed attempts from this address; retry after ${wait} s`);
    }
    const tokenHash = hashToken(msg.token);
    const record = await this.opts.store.agents.byTokenHash(tokenHash);
    // The directory is the live view: an agent revoked a moment ago is gone from it already.
    // An agent paired on another instance a moment ago may not have reached this cache yet:
    // the store, which just knew the token, is asked.
    const agent = record ? (this.opts.agents.get(record.id) ?? (await this.opts.agents.refresh(record.id))) : undefined;
    if (!agent) {
      this.opts.log.info('socket rejected: unknown token');
      await this.opts.failures.failed(this.opts.address);
      return this.close(CloseCode.unauthorized, 'token rejected');
    }
    await this.opts.beforeWelcome?.(agent.id);
    // Closed meanwhile (the peer left, the bridge stops): nothing to welcome.
    if (this.phase === 'closed') return;
    // No await between this check and `this.agent` below: two hellos of one agent cannot both pass.
    if (!this.opts.onAuthenticated(agent.id)) {
      this.opts.log.warn('socket refused: too many sockets for this agent', { agent: agent.id });
      return this.close(CloseCode.tooManySockets, 'too many sockets for this agent');
    }
    this.agent = agent;
    this.tokenHash = tokenHash;
    this.phase = 'replaying';
    const { calls } = this.opts.store;
    const lastEventId = await calls.lastEventId();
    this.send({
      type: 'welcome',
      protocol: PROTOCOL_VERSION,
      agent: { id: agent.id, name: agent.name, extensions: agent.extensions, identifiers: agent.identifiers },
      serverTime: this.opts.clock().toISOString(),
      lastEventId,
    });
    if (msg.lastEventId !== undefined) {
      const notBefore = new Date(this.opts.clock().getTime() - this.opts.replayWindowMs).toISOString();
      const missed = await calls.eventsAfter(msg.lastEventId, notBefore);
      for (const event of missed) if (isAddressedTo(event.targets, agent.id)) this.sendEvent(event);
    }
    if (this.phase !== 'replaying') return;
    this.phase = 'live';
    for (const event of this.pending) this.sendEvent(event);
    this.pending = [];
    this.opts.log.info('agent connected', { agent: agent.id, replayedFrom: msg.lastEventId ?? null });
  }

  private async request(msg: ClientMessage): Promise<void> {
    const { customers } = this.opts.store;
    switch (msg.type) {
      case 'hello':
        return this.send({ type: 'error', code: 'already_authenticated', message: 'hello was already accepted' });
      case 'ping':
        return this.send({ type: 'pong', requestId: msg.requestId, serverTime: this.opts.clock().toISOString() });
      case 'search':
        return this.send({
          type: 'searchResult',
          requestId: msg.requestId,
          q: msg.q,
          results: await customers.search(msg.q, SEARCH_LIMIT),
        });
      case 'card':
        return this.send({
          type: 'card',
          requestId: msg.requestId,
          customerNo: msg.customerNo,
          card: await customers.card(msg.customerNo, { conversations: 5 }),
        });
    }
  }

  /** Events are sent once each and in order, whether from the catch-up or live. */
  private sendEvent(event: { eventId: number; payload: string }): void {
    if (event.eventId <= this.lastSent) return;
    this.lastSent = event.eventId;
    this.sendRaw(event.payload);
  }

  private send(message: ServerMessage): void {
    this.sendRaw(JSON.stringify(message));
  }

  private sendRaw(text: string): void {
    if (this.phase === 'closed') return;
    if (this.ws.bufferedAmount > MAX_BUFFERED_BYTES) {
      // terminate() marks the session closed before the socket's close event, so this is
      // logged once per slow socket, not once per message sent to it meanwhile.
      this.opts.log.warn('socket too slow, terminating', { agent: this.agent?.id, bufferedBytes: this.ws.bufferedAmount });
      this.terminate();
      return;
    }
    this.ws.send(text);
  }
}
