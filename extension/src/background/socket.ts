/**
 * The one WebSocket to the bridge: performs what the reconnect state machine decides, sends
 * hello first, and an application-level ping every 20 s. Chromium keeps an MV3 service worker
 * alive only for extension activity; WebSocket protocol pings do not count, a message does
 * (Chrome 116+), and the bridge answers with pong, so traffic flows both ways.
 */
import { decodeJson, parseServerMessage, type ClientMessage, type ServerMessage } from '@ringside/shared';
import { webSocketUrl } from '../lib/bridge-url.js';
import { statusOf, step, type ConnEvent, type ConnState, type ConnStatus, type Effect } from './reconnect.js';

export const KEEPALIVE_MS = 20_000;

export interface ConnectionTarget {
  bridgeUrl: string;
  token: string;
}

export interface ConnectionHooks {
  /** Built when the socket opens, so it carries the newest event cursor. */
  hello(): Promise<ClientMessage>;
  onMessage(message: ServerMessage): void;
  onStatus(status: ConnStatus): void;
}

export interface Clock {
  now(): number;
  random(): number;
}

const systemClock: Clock = { now: () => Date.now(), random: () => Math.random() };

export class Connection {
  private state: ConnState = { kind: 'idle' };
  private target: ConnectionTarget | null = null;
  private socket: WebSocket | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private keepaliveTimer: ReturnType<typeof setInterval> | null = null;

  constructor(
    private readonly hooks: ConnectionHooks,
    private readonly clock: Clock = systemClock,
  ) {}

  get status(): ConnStatus {
    return statusOf(this.state);
  }

  configure(target: ConnectionTarget | null): void {
    this.target = target;
    this.dispatch(target ? { type: 'configured', now: this.clock.now() } : { type: 'unconfigured' });
  }

  watchdog(): void {
    this.dispatch({ type: 'watchdog', now: this.clock.now(), random: this.clock.random() });
  }

  wake(): void {
    this.dispatch({ type: 'wake', now: this.clock.now() });
  }

  send(message: ClientMessage): boolean {
    if (this.socket?.readyState !== WebSocket.OPEN) return false;
    this.socket.send(JSON.stringify(message));
    return true;
  }

  private dispatch(event: ConnEvent): void {
    const before = statusOf(this.state);
    const next = step(this.state, event);
    this.state = next.state;
    for (const effect of next.effects) this.perform(effect);
    this.syncKeepalive();
    const after = statusOf(this.state);
    if (after !== before || event.type === 'configured') this.hooks.onStatus(after);
  }

  private perform(effect: Effect): void {
    switch (effect.type) {
      case 'open':
        this.open();
        break;
      case 'close':
        this.drop(effect.code, effect.reason);
        break;
      case 'scheduleRetry':
        this.cancelRetry();
        this.retryTimer = setTimeout(() => {
          this.retryTimer = null;
          this.dispatch({ type: 'retryDue', now: this.clock.now() });
        }, effect.delayMs);
        break;
      case 'cancelRetry':
        this.cancelRetry();
        break;
    }
  }

  private open(): void {
    this.drop(1000, 'replaced');
    if (!this.target) return;
    let socket: WebSocket;
    try {
      socket = new WebSocket(webSocketUrl(this.target.bridgeUrl));
    } catch {
      // An unusable URL fails like an unreachable bridge: backoff, and the options page says why.
      queueMicrotask(() => this.dispatch({ type: 'closed', code: 1006, now: this.clock.now(), random: this.clock.random() }));
      return;
    }
    this.socket = socket;
    socket.onopen = () => {
      void this.hooks.hello().then((hello) => {
        if (this.socket === socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(hello));
      });
    };
    socket.onmessage = (event: MessageEvent) => {
      if (this.socket === socket) this.receive(event.data);
    };
    socket.onclose = (event: CloseEvent) => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.dispatch({ type: 'closed', code: event.code, now: this.clock.now(), random: this.clock.random() });
    };
  }

  private receive(data: unknown): void {
    if (typeof data !== 'string') return;
    const decoded = decodeJson(data);
    if (!decoded.ok) return;
    const parsed = parseServerMessage(decoded.value);
    if (!parsed.ok) return;
    const message = parsed.value;
    this.dispatch({ type: message.type === 'welcome' ? 'welcome' : 'message', now: this.clock.now() });
    this.hooks.onMessage(message);
  }

  /** Detach first, so the state machine never hears about sockets it already gave up on. */
  private drop(code: number, reason: string): void {
    const socket = this.socket;
    if (!socket) return;
    this.socket = null;
    socket.onopen = socket.onmessage = socket.onclose = null;
    try {
      socket.close(code, reason);
    } catch {
      socket.close();
    }
  }

  private cancelRetry(): void {
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private syncKeepalive(): void {
    const wanted = this.state.kind === 'open' || this.state.kind === 'connecting';
    if (wanted && this.keepaliveTimer === null) {
      this.keepaliveTimer = setInterval(() => {
        if (this.state.kind === 'open') this.send({ type: 'ping' });
        this.watchdog();
      }, KEEPALIVE_MS);
    } else if (!wanted && this.keepaliveTimer !== null) {
      clearInterval(this.keepaliveTimer);
      this.keepaliveTimer = null;
    }
  }
}
