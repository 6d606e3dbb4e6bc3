import type { CallEvent } from '../calls/call-event.js';
import { redactNumbers } from '../util/redact.js';
import { FritzCorrelator, parseFritzLine } from './fritzbox-parser.js';
import { LineSplitter, startTcpClient, type BackoffOptions, type StreamClient, type StreamLog } from './line-client.js';
import type { Timers } from './timers.js';

export interface FritzboxClientOptions {
  host: string;
  /** Default 1012, the call monitor port. */
  port?: number;
  log: StreamLog;
  onEvent(event: CallEvent): void;
  /** Epoch ms: when a line was received (the events' time), and to forget calls whose DISCONNECT never came. */
  clock?: () => number;
  backoff?: BackoffOptions;
  /** IANA zone configured on the box; absent: the bridge's local zone. Only for the clock-skew warning. */
  timeZone?: string;
  connectTimeoutMs?: number;
  /** Timers of the TCP client (tests pass virtual ones). */
  timers?: Timers;
}

/** Logged input is cut to this length: enough to recognise it, not enough to flood the log. */
const LOG_SNIPPET = 200;
/** A box clock further off than this is worth telling the admin (its call list shows wrong times). */
const SKEW_WARN_MS = 60_000;

/**
 * Connects to the Fritz!Box call monitor and reports every call as CallEvents. The correlator
 * outlives connections, so a CONNECT that arrives after a reconnect still finds its RING.
 */
export function startFritzboxClient(options: FritzboxClientOptions): StreamClient {
  const { log, onEvent } = options;
  const correlator = new FritzCorrelator({ timeZone: options.timeZone, clock: options.clock });
  /** The skew last warned about in this connection; warned again only when it moves on. */
  let warnedSkewMs: number | null = null;

  function checkSkew(skewMs: number): void {
    if (Math.abs(skewMs) <= SKEW_WARN_MS) return;
    if (warnedSkewMs !== null && Math.abs(skewMs - warnedSkewMs) <= SKEW_WARN_MS) return;
    warnedSkewMs = skewMs;
    log.warn('fritzbox: the box clock is off; calls use the bridge time', {
      boxBehindSeconds: Math.round(skewMs / 1000),
      hint: 'check the time settings of the Fritz!Box (and RINGSIDE_FRITZBOX_TZ)',
    });
  }

  function handleLine(line: string): void {
    if (line.trim() === '') return;
    const parsed = parseFritzLine(line);
    if ('error' in parsed) {
      log.warn('fritzbox: unparseable line', { error: parsed.error, line: redactNumbers(line.slice(0, LOG_SNIPPET)) });
      return;
    }
    const result = correlator.handle(parsed);
    checkSkew(result.boxClockSkewMs);
    if (result.error) log.warn(`fritzbox: ${result.error}`, { line: redactNumbers(line.slice(0, LOG_SNIPPET)) });
    for (const event of result.events) {
      try {
        onEvent(event);
      } catch (err) {
        log.warn('fritzbox: event handler failed', { error: String(err), callId: event.callId });
      }
    }
  }

  return startTcpClient({
    name: 'fritzbox',
    host: options.host,
    port: options.port ?? 1012,
    log,
    backoff: options.backoff,
    connectTimeoutMs: options.connectTimeoutMs,
    timers: options.timers,
    openSession(connection) {
      warnedSkewMs = null;
      // The box sends nothing until a call comes, so a completed TCP connect is all we can check.
      connection.healthy();
      // A line cut by a dropped connection is lost with it, never glued to the next session's.
      const splitter = new LineSplitter();
      return { onData: (chunk) => splitter.push(chunk).forEach(handleLine) };
    },
  });
}
