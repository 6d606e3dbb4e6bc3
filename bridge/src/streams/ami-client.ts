import type { CallEvent } from '../calls/call-event.js';
import { AmiActions, type AmiActionSender } from './ami-actions.js';
import { AMI_PING_INTERVAL_MS, AMI_PING_TIMEOUT_MS, AmiKeepalive } from './ami-keepalive.js';
import { AmiDecoder } from './ami-decoder.js';
import { amiToCallEvents, createAmiState } from './ami-parser.js';
import { startTcpClient, type BackoffOptions, type StreamClient, type StreamLog } from './line-client.js';
import { realTimers, type Timers } from './timers.js';

export interface AmiTarget {
  host: string;
  port: number;
  username: string;
  secret: string;
}

/** `ami://user:secret@host:5038` (port defaults to 5038; percent-encode `@`, `:` in the secret). */
export function parseAmiUrl(input: string): AmiTarget | { error: string } {
  const hint = 'expected ami://user:secret@host:5038';
  const text = input.trim();
  // `pbx.lan:5038` is a valid URL with scheme `pbx.lan:`; say what is really wrong.
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) return { error: `not a URL (${hint})` };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { error: `not a URL (${hint})` };
  }
  if (url.protocol !== 'ami:') return { error: `scheme must be ami:, got ${url.protocol} (${hint})` };
  if (!url.hostname) return { error: `host missing (${hint})` };
  if (url.pathname && url.pathname !== '/' || url.search || url.hash) return { error: `unexpected path or query (${hint})` };
  let username: string;
  let secret: string;
  try {
    username = decodeURIComponent(url.username);
    secret = decodeURIComponent(url.password);
  } catch {
    return { error: `bad percent-encoding in the credentials (${hint})` };
  }
  if (!username || !secret) return { error: `user and secret required (${hint})` };
  // They go into a line-based protocol: a newline would let them inject further headers.
  if (/[\r\n]/.test(username + secret)) return { error: 'user and secret must not contain line breaks' };
  const port = url.port ? Number(url.port) : 5038;
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  return { host, port, username, secret };
}

export interface AmiClientOptions {
  url: string;
  log: StreamLog;
  onEvent(event: CallEvent): void;
  backoff?: BackoffOptions;
  /** Give up on a connection without banner + successful login within this long (default 10 s). */
  loginTimeoutMs?: number;
  connectTimeoutMs?: number;
  /** Linkedids remembered for de-duplication (default 2000). */
  maxCalls?: number;
  /** Dialplan contexts of the office's phones (default `from-internal`): their dials out are outbound calls. */
  phoneContexts?: readonly string[];
  /** `Action: Ping` this often once logged in (default 20 s). */
  pingIntervalMs?: number;
  /** No answer to a Ping within this long: the link is dead, reconnect (default 10 s). */
  pingTimeoutMs?: number;
  /** Clock and timers (tests pass virtual ones). */
  timers?: Timers;
}

/** The event stream, and actions (Originate for click-to-dial) on the same logged-in session. */
export interface AmiClient extends StreamClient {
  actions: AmiActionSender;
}

let loginSeq = 0;

/**
 * Connects to the Asterisk Manager Interface, logs in (again after every reconnect: AMI sessions
 * do not survive a dropped socket) and reports calls as CallEvents. Throws at start-up on a
 * malformed URL: that is configuration, not input.
 */
export function startAmiClient(options: AmiClientOptions): AmiClient {
  const parsed = parseAmiUrl(options.url);
  if ('error' in parsed) throw new Error(`AMI URL: ${parsed.error}`);
  const target: AmiTarget = parsed;
  const { log, onEvent } = options;
  // Outlives connections, so a call that rang before a reconnect can still be answered/ended.
  const state = createAmiState(options.maxCalls, options.phoneContexts);
  const loginTimeoutMs = options.loginTimeoutMs ?? 10_000;
  const timers = options.timers ?? realTimers;
  const actions = new AmiActions();

  const client = startTcpClient({
    name: 'ami',
    host: target.host,
    port: target.port,
    log,
    backoff: options.backoff,
    connectTimeoutMs: options.connectTimeoutMs,
    timers,
    openSession(connection) {
      const decoder = new AmiDecoder();
      const actionId = `ringside-login-${++loginSeq}`;
      let phase: 'banner' | 'login' | 'ready' = 'banner';
      let banner = '';
      const timer = timers.setTimeout(
        () => connection.fail(phase === 'banner' ? 'no AMI banner' : 'no answer to Login'),
        loginTimeoutMs,
      );
      const keepalive = new AmiKeepalive({
        intervalMs: options.pingIntervalMs ?? AMI_PING_INTERVAL_MS,
        timeoutMs: options.pingTimeoutMs ?? AMI_PING_TIMEOUT_MS,
        timers,
        send: (text) => connection.write(text),
        dead: (reason) => connection.fail(reason),
      });

      function handle(msg: Record<string, string>): void {
        if (phase === 'banner') {
          if (msg.Banner === undefined) return;
          phase = 'login';
          banner = msg.Banner;
          connection.write(
            `Action: Login\r\nActionID: ${actionId}\r\nUsername: ${target.username}\r\n` +
              `Secret: ${target.secret}\r\nEvents: on\r\n\r\n`,
          );
          return;
        }
        if (phase === 'login') {
          if (msg.Response === undefined || (msg.ActionID !== undefined && msg.ActionID !== actionId)) return;
          timers.clearTimeout(timer);
          if (msg.Response.toLowerCase() === 'success') {
            phase = 'ready';
            connection.healthy();
            keepalive.start();
            actions.attach((text) => connection.write(text));
            log.info('ami: logged in', { username: target.username, banner });
          } else {
            connection.fail(`login rejected: ${msg.Message ?? msg.Response}`);
          }
          return;
        }
        if (actions.take(msg)) return;
        if (keepalive.onMessage(msg) || msg.Event === undefined) return;
        for (const event of amiToCallEvents(msg, state)) {
          try {
            onEvent(event);
          } catch (err) {
            log.warn('ami: event handler failed', { error: String(err), callId: event.callId });
          }
        }
      }

      return {
        onData: (chunk) => decoder.push(chunk).forEach(handle),
        onClose: () => {
          timers.clearTimeout(timer);
          keepalive.stop();
          actions.attach(null);
        },
      };
    },
  });
  return { ...client, actions };
}
