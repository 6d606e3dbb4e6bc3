import net from 'node:net';
import { realTimers, type Timers } from './timers.js';

/**
 * A reconnecting TCP client for line-based event streams (Fritz!Box call monitor, Asterisk AMI).
 * Phone systems restart and drop sockets silently, so: TCP keepalive, reconnect forever with
 * exponential backoff and jitter, and one log line per connect/disconnect so an admin can see it.
 * Protocol details live in a per-connection Session the caller supplies.
 *
 * The backoff is capped at 10 s, and time spent in a connect attempt that never completed counts
 * towards it: whatever the length of an outage, an attempt starts at most 10 s after the previous
 * one did, so the client is back within about 10 s of the far end (issue 12).
 */

/** Upper bound of the reconnect delay: calls must pop again soon after the PBX is back. */
export const MAX_BACKOFF_MS = 10_000;
/** Idle time before the first TCP keepalive probe (a box that rebooted answers it with a reset). */
export const KEEPALIVE_MS = 10_000;

export interface StreamLog {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
}

export interface BackoffOptions {
  /** First retry delay (default 1 s); doubles per failed attempt. */
  baseMs?: number;
  /** Upper bound (default MAX_BACKOFF_MS, 10 s). */
  maxMs?: number;
  /** [0, 1) source for jitter; tests may pin it. */
  random?: () => number;
}

/**
 * Delay before reconnect attempt `attempt` (0-based): exponential, capped, with "equal jitter"
 * (between half and all of it) so many bridges restarted together do not hit the box in step.
 */
export function backoffDelay(attempt: number, options: BackoffOptions = {}): number {
  const base = Math.max(1, options.baseMs ?? 1000);
  const max = Math.max(base, options.maxMs ?? MAX_BACKOFF_MS);
  const ceiling = Math.min(max, base * 2 ** Math.min(attempt, 30));
  const r = (options.random ?? Math.random)();
  return Math.round(ceiling / 2 + (ceiling / 2) * r);
}

/**
 * How long to wait before the next connect attempt. An attempt that never connected has
 * already used up `waitedMs` of the wait (a silent host holds it until the connect timeout), so
 * attempts start at most one backoff apart however they fail.
 */
export function retryDelay(attempt: number, waitedMs: number, options: BackoffOptions = {}): number {
  return Math.max(0, backoffDelay(attempt, options) - Math.max(0, waitedMs));
}

/** Splits a text stream into lines (`\n` or `\r\n`) across arbitrary chunk boundaries. */
export class LineSplitter {
  private buffer = '';
  constructor(private readonly maxLine = 4096) {}

  push(chunk: string): string[] {
    const parts = (this.buffer + chunk).split('\n');
    this.buffer = parts.pop() ?? '';
    // A peer that never sends a newline must not grow memory: hand on what we have, cut short.
    if (this.buffer.length > this.maxLine) {
      parts.push(this.buffer.slice(0, this.maxLine));
      this.buffer = '';
    }
    return parts.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l).slice(0, this.maxLine));
  }
}

export interface HostPort {
  host: string;
  port: number;
}

/** `fritz.box`, `192.168.178.1:1012`, `[fd00::1]:1012` -> host and port (default 1012). */
export function parseHostPort(input: string, defaultPort = 1012): HostPort | { error: string } {
  const text = input.trim();
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([^\s:/[\]@]+))(?::(\d{1,5}))?$/.exec(text);
  if (!m) return { error: `expected host or host:port (e.g. fritz.box:1012), got ${JSON.stringify(input)}` };
  const port = m[3] === undefined ? defaultPort : Number(m[3]);
  if (!Number.isInteger(port) || port < 1 || port > 65535) return { error: `port out of range in ${JSON.stringify(input)}` };
  return { host: (m[1] ?? m[2]) as string, port };
}

/** What a Session may do with its connection. Calls after the connection closed are ignored. */
export interface Connection {
  write(text: string): void;
  /** The peer is really there (connected / logged in): the next failure starts backoff afresh. */
  healthy(): void;
  /** Give up on this connection (bad login, no banner): log `reason`, close, back off. */
  fail(reason: string): void;
}

export interface Session {
  onData(chunk: string): void;
  onClose?(): void;
}

export interface TcpClientOptions extends HostPort {
  /** Prefix of every log line, e.g. `fritzbox`. */
  name: string;
  log: StreamLog;
  backoff?: BackoffOptions;
  /** Abandon a connect attempt after this long (default 10 s; a silent host otherwise takes minutes). */
  connectTimeoutMs?: number;
  /** Clock and timers (tests pass virtual ones). */
  timers?: Timers;
  openSession(connection: Connection): Session;
}

export interface StreamClient {
  isConnected(): boolean;
  stop(): Promise<void>;
}

export function startTcpClient(options: TcpClientOptions): StreamClient {
  const { name, host, port, log } = options;
  const timers = options.timers ?? realTimers;
  const connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
  let attempt = 0;
  let stopped = false;
  let socket: net.Socket | undefined;
  let connected = false;
  let retryTimer: unknown;
  let onStopped: (() => void) | undefined;

  function connect(): void {
    retryTimer = undefined;
    const startedAt = timers.now();
    const s = net.connect({ host, port });
    socket = s;
    let wasConnected = false;
    let failure: string | undefined;
    let session: Session | undefined;
    s.setEncoding('utf8');
    const connectTimer = timers.setTimeout(() => {
      failure = `no connection within ${connectTimeoutMs} ms`;
      s.destroy();
    }, connectTimeoutMs);

    const connection: Connection = {
      write: (text) => {
        if (socket === s && !s.destroyed) s.write(text);
      },
      healthy: () => {
        if (socket === s) attempt = 0;
      },
      fail: (reason) => {
        if (socket !== s || s.destroyed) return;
        failure = reason;
        s.destroy();
      },
    };

    s.once('connect', () => {
      timers.clearTimeout(connectTimer);
      wasConnected = connected = true;
      // Without keepalive a box that restarted leaves us waiting on a dead socket forever.
      s.setKeepAlive(true, KEEPALIVE_MS);
      log.info(`${name}: connected`, { host, port });
      session = options.openSession(connection);
    });
    s.on('data', (chunk: string) => {
      if (socket !== s) return;
      try {
        session?.onData(chunk);
      } catch (err) {
        log.warn(`${name}: error handling input`, { error: String(err) });
      }
    });
    s.on('error', (err: NodeJS.ErrnoException) => {
      failure ??= err.code ?? err.message;
    });
    s.once('close', () => {
      timers.clearTimeout(connectTimer);
      try {
        session?.onClose?.();
      } catch {
        // A session's clean-up must not stop the reconnect loop.
      }
      if (socket === s) socket = undefined;
      connected = false;
      if (stopped) {
        if (wasConnected) log.info(`${name}: disconnected (stopped)`, { host, port });
        onStopped?.();
        return;
      }
      const retryInMs = retryDelay(attempt++, wasConnected ? 0 : timers.now() - startedAt, options.backoff);
      const fields = { host, port, error: failure ?? 'closed by peer', retryInMs };
      log.warn(wasConnected ? `${name}: disconnected` : `${name}: connect failed`, fields);
      retryTimer = timers.setTimeout(connect, retryInMs);
    });
  }

  connect();

  return {
    isConnected: () => connected,
    stop: () => {
      if (stopped) return Promise.resolve();
      stopped = true;
      if (retryTimer !== undefined) timers.clearTimeout(retryTimer);
      const s = socket;
      if (!s || s.destroyed) return Promise.resolve();
      return new Promise<void>((resolve) => {
        onStopped = resolve;
        s.destroy();
      });
    },
  };
}
