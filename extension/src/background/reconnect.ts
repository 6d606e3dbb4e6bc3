/**
 * The connection's life as a pure state machine: (state, event) -> (state, effects). The
 * background's socket shell performs the effects (open a socket, close it, set a timer); this
 * module decides. Time and randomness come in with the events, so every path is a table test.
 *
 * Close codes come from the bridge (`CloseCode` in shared/src/protocol.ts): 4401 means the token
 * is no longer valid, so retrying would only hammer the bridge until someone re-pairs; 1012
 * means the bridge is restarting and will be back in a moment.
 */
import { CloseCode } from '@ringside/shared';

export type ConnState =
  | { kind: 'idle' }
  /** A socket is opening, or open with hello sent and no welcome yet. */
  | { kind: 'connecting'; attempt: number; since: number }
  | { kind: 'open'; lastMessageAt: number }
  | { kind: 'backoff'; attempt: number; retryAt: number }
  /** The bridge refused this browser's origin: retry slowly, the administrator may allow it. */
  | { kind: 'refused'; retryAt: number }
  | { kind: 'signedOut' };

export type ConnEvent =
  /** Paired, or the bridge URL/token changed: (re)connect from scratch. */
  | { type: 'configured'; now: number }
  /** Not paired any more: drop everything. */
  | { type: 'unconfigured' }
  | { type: 'welcome'; now: number }
  | { type: 'message'; now: number }
  | { type: 'closed'; code: number; now: number; random: number }
  | { type: 'retryDue'; now: number }
  /** Periodic check (alarm or keepalive tick): catches lost timers and silently dead sockets. */
  | { type: 'watchdog'; now: number; random: number }
  /**
   * The network came back, the machine woke up, or the agent pressed "save" in the options
   * (perhaps after the administrator allowed this browser): skip the rest of the wait.
   */
  | { type: 'wake'; now: number };

export type Effect =
  | { type: 'open' }
  | { type: 'close'; code: number; reason: string }
  | { type: 'scheduleRetry'; delayMs: number }
  | { type: 'cancelRetry' };

export type ConnStatus = 'unconfigured' | 'connecting' | 'connected' | 'reconnecting' | 'signedOut' | 'originRefused';

export interface ReconnectConfig {
  baseDelayMs: number;
  maxDelayMs: number;
  /** After a 1012 the bridge is back within a second or two. */
  restartDelayMs: readonly [min: number, max: number];
  /** No welcome within this time: give up on this socket. */
  connectTimeoutMs: number;
  /** The bridge answers our ping every 20 s; this much silence means the socket is dead. */
  staleAfterMs: number;
}

export const DEFAULT_RECONNECT: ReconnectConfig = {
  baseDelayMs: 1_000,
  maxDelayMs: 30_000,
  restartDelayMs: [250, 1_500],
  connectTimeoutMs: 15_000,
  staleAfterMs: 50_000,
};

/** Client-side close codes (4000-4999 are free for applications). */
export const ClientCloseCode = { normal: 1000, handshakeTimeout: 4000, stale: 4001 } as const;

export interface Step {
  state: ConnState;
  effects: Effect[];
}

/**
 * Exponential backoff with "equal jitter": half the delay is fixed, half random, so a bridge
 * restart is not met by every agent's browser in the same millisecond, yet nobody retries at 0.
 */
export function backoffDelay(attempt: number, random: number, config: ReconnectConfig = DEFAULT_RECONNECT): number {
  const capped = Math.min(config.maxDelayMs, config.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(capped / 2 + (random * capped) / 2);
}

function restartDelay(random: number, config: ReconnectConfig): number {
  const [min, max] = config.restartDelayMs;
  return Math.round(min + random * (max - min));
}

function connectNow(attempt: number, now: number, extra: Effect[] = []): Step {
  return { state: { kind: 'connecting', attempt, since: now }, effects: [...extra, { type: 'cancelRetry' }, { type: 'open' }] };
}

function backoff(attempt: number, delayMs: number, now: number, extra: Effect[] = []): Step {
  return {
    state: { kind: 'backoff', attempt, retryAt: now + delayMs },
    effects: [...extra, { type: 'scheduleRetry', delayMs }],
  };
}

const same = (state: ConnState): Step => ({ state, effects: [] });

export function step(state: ConnState, event: ConnEvent, config: ReconnectConfig = DEFAULT_RECONNECT): Step {
  switch (event.type) {
    case 'configured':
      return connectNow(0, event.now, [{ type: 'close', code: ClientCloseCode.normal, reason: 'reconfigured' }]);
    case 'unconfigured':
      return { state: { kind: 'idle' }, effects: [{ type: 'cancelRetry' }, { type: 'close', code: ClientCloseCode.normal, reason: 'unpaired' }] };
    case 'welcome':
      return state.kind === 'connecting' || state.kind === 'open' ? same({ kind: 'open', lastMessageAt: event.now }) : same(state);
    case 'message':
      return state.kind === 'open' ? same({ kind: 'open', lastMessageAt: event.now }) : same(state);
    case 'closed':
      return onClosed(state, event, config);
    case 'retryDue':
      if (state.kind === 'refused') return connectNow(1, event.now);
      return state.kind === 'backoff' ? connectNow(state.attempt, event.now) : same(state);
    case 'watchdog':
      return onWatchdog(state, event, config);
    case 'wake':
      if (state.kind === 'refused') return connectNow(1, event.now);
      return state.kind === 'backoff' ? connectNow(state.attempt, event.now) : same(state);
  }
}

function onClosed(state: ConnState, event: Extract<ConnEvent, { type: 'closed' }>, config: ReconnectConfig): Step {
  // Closes of sockets we already gave up on are not news.
  if (state.kind !== 'connecting' && state.kind !== 'open') return same(state);
  if (event.code === CloseCode.unauthorized) {
    return { state: { kind: 'signedOut' }, effects: [{ type: 'cancelRetry' }] };
  }
  if (event.code === CloseCode.originRefused) {
    const delayMs = config.maxDelayMs;
    return { state: { kind: 'refused', retryAt: event.now + delayMs }, effects: [{ type: 'scheduleRetry', delayMs }] };
  }
  if (event.code === CloseCode.restarting) {
    return backoff(0, restartDelay(event.random, config), event.now);
  }
  // A socket that was open counts as a fresh start; a failed attempt escalates the delay.
  const attempt = state.kind === 'connecting' ? state.attempt + 1 : 1;
  return backoff(attempt, backoffDelay(attempt, event.random, config), event.now);
}

function onWatchdog(state: ConnState, event: Extract<ConnEvent, { type: 'watchdog' }>, config: ReconnectConfig): Step {
  switch (state.kind) {
    case 'backoff':
      // The retry timer died with a stopped worker: the alarm is the only thing left to fire.
      return event.now >= state.retryAt ? connectNow(state.attempt, event.now) : same(state);
    case 'refused':
      return event.now >= state.retryAt ? connectNow(1, event.now) : same(state);
    case 'connecting':
      if (event.now - state.since < config.connectTimeoutMs) return same(state);
      return backoff(state.attempt + 1, backoffDelay(state.attempt + 1, event.random, config), event.now, [
        { type: 'close', code: ClientCloseCode.handshakeTimeout, reason: 'no welcome' },
      ]);
    case 'open':
      // After a laptop sleeps, the socket looks open but nothing arrives: reconnect at once.
      if (event.now - state.lastMessageAt < config.staleAfterMs) return same(state);
      return connectNow(0, event.now, [{ type: 'close', code: ClientCloseCode.stale, reason: 'stale' }]);
    default:
      return same(state);
  }
}

export function statusOf(state: ConnState): ConnStatus {
  switch (state.kind) {
    case 'idle':
      return 'unconfigured';
    case 'connecting':
      return state.attempt === 0 ? 'connecting' : 'reconnecting';
    case 'open':
      return 'connected';
    case 'backoff':
      return 'reconnecting';
    case 'signedOut':
      return 'signedOut';
    case 'refused':
      return 'originRefused';
  }
}
