import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { CloseCode, REPLAY_WINDOW_MS } from '@ringside/shared';
import type { AgentDirectory } from '../agents/directory.js';
import type { CallPublisher } from '../calls/call-service.js';
import type { Store } from '../store/store.js';
import type { Logger } from '../util/logger.js';
import type { LimitsConfig } from '../config-limits.js';
import type { Buckets } from '../cluster/local-fallback.js';
import { MemoryCoordination } from '../cluster/memory.js';
import { noFailureBudget, upgradeAddress, type FailedAttempts } from '../http/failed-attempts.js';
import { MessageBudget } from './message-budget.js';
import { judgeOrigin } from './origin.js';
import type { RefusedOrigins } from './refused-origins.js';
import { AgentSession } from './session.js';

export interface HubOptions {
  store: Store;
  agents: AgentDirectory;
  log: Logger;
  clock: () => Date;
  /** Protocol ping interval; a socket that misses one pong is terminated. */
  heartbeatMs: number;
  /** Time a fresh socket has to say hello. */
  helloTimeoutMs: number;
  /** Origins allowed to open agent sockets; null: any browser extension. */
  allowedOrigins: readonly string[] | null;
  /** Per-agent and per-socket limits (config-limits.ts). */
  limits: Pick<LimitsConfig, 'agentMessages' | 'agentMaxSockets' | 'maxPendingSockets' | 'socketQueue'>;
  /** Where extensions turned away by the allowlist are noted for the console. */
  refusedOrigins?: RefusedOrigins;
  /** Where the agents' message budgets live (cluster/coordination.ts); this process by default. */
  shared?: Pick<Buckets, 'draw'>;
  /** A wrong token in a hello counts against the client address's budget (http/failed-attempts.ts). */
  failures?: FailedAttempts;
  /** `RINGSIDE_TRUST_PROXY`, to read a socket's client address like express reads `req.ip`. */
  trustProxy?: number | readonly string[] | null;
}

/** Frames above this are not from our extension: refuse them before they are buffered. */
const MAX_PAYLOAD = 64 * 1024;

/**
 * The WebSocket hub: authenticates agents, routes each call event to the agents whose phones
 * ring, replays what a reconnecting agent missed, and drops dead sockets.
 */
export class Hub implements CallPublisher {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: MAX_PAYLOAD });
  private readonly sessions = new Set<AgentSession>();
  private heartbeat: NodeJS.Timeout | undefined;
  /** One message budget per agent, shared by all its sockets on every instance. */
  private readonly messageBudget: MessageBudget;
  private pendingWarned = false;

  constructor(private readonly opts: HubOptions) {
    this.messageBudget = new MessageBudget(opts.shared ?? new MemoryCoordination(), opts.limits.agentMessages, { log: opts.log });
  }

  attach(server: Server, path = '/ws'): void {
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (url.pathname !== path) {
        socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
        return;
      }
      const origin = req.headers.origin;
      const verdict = judgeOrigin(origin, this.opts.allowedOrigins);
      if (verdict === 'webPage') {
        this.opts.log.warn('socket refused: origin not allowed', { origin });
        socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
        return;
      }
      if (verdict === 'refusedExtension' && origin) {
        // A browser sees no status or body of a refused upgrade, only "closed": accept, then
        // close with a code and a reason that name the origin, so the agent can pass it on.
        this.opts.log.warn('socket refused: extension origin not on the allowlist', { origin });
        this.opts.refusedOrigins?.record(origin);
        this.wss.handleUpgrade(req, socket, head, (ws) => ws.close(CloseCode.originRefused, `origin not allowed: ${origin}`.slice(0, 123)));
        return;
      }
      // Sockets that never say hello cost a slot until the hello deadline: cap them, so a
      // thousand silent connections cannot hold the bridge's memory and file handles.
      if (this.pendingCount() >= this.opts.limits.maxPendingSockets) {
        if (!this.pendingWarned) this.opts.log.warn('socket refused: too many sockets waiting for hello', { max: this.opts.limits.maxPendingSockets });
        this.pendingWarned = true;
        socket.end('HTTP/1.1 503 Service Unavailable\r\nRetry-After: 10\r\nConnection: close\r\n\r\n');
        return;
      }
      this.pendingWarned = false;
      this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, upgradeAddress(req, this.opts.trustProxy ?? null)));
    });
    this.heartbeat = setInterval(() => {
      for (const session of this.sessions) session.heartbeat();
    }, this.opts.heartbeatMs);
    this.heartbeat.unref();
  }

  /** The allowlist as it is right now (the console may change it while the bridge runs). */
  get allowedOrigins(): readonly string[] | null {
    return this.opts.allowedOrigins;
  }

  publish(event: { eventId: number; source: string; targets: string[] | null; payload: string }): void {
    for (const session of this.sessions) session.deliver(event);
  }

  /** Revocation takes effect at once: the agent's open sockets are closed. */
  disconnectAgent(agentId: string): void {
    for (const session of this.sessions) {
      if (session.agentId === agentId) session.close(CloseCode.unauthorized, 'agent revoked');
    }
  }

  /**
   * Re-check the sockets of one agent (or all) against the store: an agent revoked or re-paired
   * on another instance loses its sockets here too.
   */
  async revalidate(agentId?: string): Promise<void> {
    const sessions = [...this.sessions].filter((s) => agentId === undefined || s.agentId === agentId);
    await Promise.all(sessions.map((s) => s.revalidate()));
  }

  /** Who is connected right now, with how many sockets each. */
  connected(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const s of this.sessions) if (s.agentId) counts.set(s.agentId, (counts.get(s.agentId) ?? 0) + 1);
    return counts;
  }

  /** Close every socket with a code that tells clients to come back soon. */
  async close(): Promise<void> {
    clearInterval(this.heartbeat);
    for (const session of this.sessions) session.close(CloseCode.restarting, 'bridge restarting');
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private pendingCount(): number {
    let n = 0;
    for (const s of this.sessions) if (!s.authenticated) n++;
    return n;
  }

  private accept(ws: WebSocket, address: string | undefined): void {
    const { limits } = this.opts;
    const session = new AgentSession(ws, {
      ...this.opts,
      address,
      failures: this.opts.failures ?? noFailureBudget,
      replayWindowMs: REPLAY_WINDOW_MS,
      maxQueued: limits.socketQueue,
      takeMessage: (agentId) => this.messageBudget.take(agentId),
      onAuthenticated: (agentId) => (this.connected().get(agentId) ?? 0) < limits.agentMaxSockets,
      beforeWelcome: (agentId) => this.messageBudget.prime(agentId),
      onClose: () => this.sessions.delete(session),
    });
    this.sessions.add(session);
  }
}
