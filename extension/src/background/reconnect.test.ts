import { describe, expect, it } from 'vitest';
import { backoffDelay, DEFAULT_RECONNECT, statusOf, step, type ConnEvent, type ConnState, type Effect } from './reconnect.js';

const cfg = DEFAULT_RECONNECT;
const T = 1_000_000;

function run(start: ConnState, events: ConnEvent[]): { state: ConnState; effects: Effect[][] } {
  let state = start;
  const effects: Effect[][] = [];
  for (const event of events) {
    const next = step(state, event, cfg);
    state = next.state;
    effects.push(next.effects);
  }
  return { state, effects };
}

const types = (effects: Effect[]) => effects.map((e) => e.type);

describe('reconnect state machine', () => {
  const table: Array<{ name: string; from: ConnState; event: ConnEvent; to: ConnState; effects: Effect['type'][] }> = [
    { name: 'pairing opens a socket', from: { kind: 'idle' }, event: { type: 'configured', now: T }, to: { kind: 'connecting', attempt: 0, since: T }, effects: ['close', 'cancelRetry', 'open'] },
    { name: 'welcome means connected', from: { kind: 'connecting', attempt: 3, since: T }, event: { type: 'welcome', now: T + 5 }, to: { kind: 'open', lastMessageAt: T + 5 }, effects: [] },
    { name: 'any message refreshes liveness', from: { kind: 'open', lastMessageAt: T }, event: { type: 'message', now: T + 20_000 }, to: { kind: 'open', lastMessageAt: T + 20_000 }, effects: [] },
    { name: '4401 signs out and stops', from: { kind: 'open', lastMessageAt: T }, event: { type: 'closed', code: 4401, now: T, random: 0.5 }, to: { kind: 'signedOut' }, effects: ['cancelRetry'] },
    { name: '4401 during hello signs out too', from: { kind: 'connecting', attempt: 0, since: T }, event: { type: 'closed', code: 4401, now: T, random: 0.5 }, to: { kind: 'signedOut' }, effects: ['cancelRetry'] },
    { name: '1012 restart reconnects soon', from: { kind: 'open', lastMessageAt: T }, event: { type: 'closed', code: 1012, now: T, random: 0 }, to: { kind: 'backoff', attempt: 0, retryAt: T + 250 }, effects: ['scheduleRetry'] },
    { name: 'drop of an open socket backs off from the start', from: { kind: 'open', lastMessageAt: T }, event: { type: 'closed', code: 1006, now: T, random: 1 }, to: { kind: 'backoff', attempt: 1, retryAt: T + 1_000 }, effects: ['scheduleRetry'] },
    { name: 'failed attempt escalates', from: { kind: 'connecting', attempt: 2, since: T }, event: { type: 'closed', code: 1006, now: T, random: 1 }, to: { kind: 'backoff', attempt: 3, retryAt: T + 4_000 }, effects: ['scheduleRetry'] },
    { name: 'retry timer reconnects', from: { kind: 'backoff', attempt: 3, retryAt: T }, event: { type: 'retryDue', now: T }, to: { kind: 'connecting', attempt: 3, since: T }, effects: ['cancelRetry', 'open'] },
    { name: '4403 origin refused waits the longest delay', from: { kind: 'connecting', attempt: 0, since: T }, event: { type: 'closed', code: 4403, now: T, random: 0 }, to: { kind: 'refused', retryAt: T + cfg.maxDelayMs }, effects: ['scheduleRetry'] },
    { name: 'a refused browser tries again: the administrator may have allowed it', from: { kind: 'refused', retryAt: T }, event: { type: 'retryDue', now: T }, to: { kind: 'connecting', attempt: 1, since: T }, effects: ['cancelRetry', 'open'] },
    { name: 'the watchdog revives a refused browser\'s lost timer', from: { kind: 'refused', retryAt: T }, event: { type: 'watchdog', now: T + 1, random: 0 }, to: { kind: 'connecting', attempt: 1, since: T + 1 }, effects: ['cancelRetry', 'open'] },
    { name: 'saving the options again tries a refused browser at once', from: { kind: 'refused', retryAt: T + 30_000 }, event: { type: 'wake', now: T }, to: { kind: 'connecting', attempt: 1, since: T }, effects: ['cancelRetry', 'open'] },
    { name: 'signed out ignores retries', from: { kind: 'signedOut' }, event: { type: 'retryDue', now: T }, to: { kind: 'signedOut' }, effects: [] },
    { name: 'signed out ignores the watchdog', from: { kind: 'signedOut' }, event: { type: 'watchdog', now: T, random: 0 }, to: { kind: 'signedOut' }, effects: [] },
    { name: 're-pairing leaves signed out', from: { kind: 'signedOut' }, event: { type: 'configured', now: T }, to: { kind: 'connecting', attempt: 0, since: T }, effects: ['close', 'cancelRetry', 'open'] },
    { name: 'unpairing drops everything', from: { kind: 'open', lastMessageAt: T }, event: { type: 'unconfigured' }, to: { kind: 'idle' }, effects: ['cancelRetry', 'close'] },
    { name: 'watchdog revives a lost retry timer', from: { kind: 'backoff', attempt: 2, retryAt: T }, event: { type: 'watchdog', now: T + 30_000, random: 0 }, to: { kind: 'connecting', attempt: 2, since: T + 30_000 }, effects: ['cancelRetry', 'open'] },
    { name: 'watchdog leaves a pending retry alone', from: { kind: 'backoff', attempt: 2, retryAt: T + 5_000 }, event: { type: 'watchdog', now: T, random: 0 }, to: { kind: 'backoff', attempt: 2, retryAt: T + 5_000 }, effects: [] },
    { name: 'watchdog gives up on a hanging handshake', from: { kind: 'connecting', attempt: 0, since: T }, event: { type: 'watchdog', now: T + cfg.connectTimeoutMs, random: 1 }, to: { kind: 'backoff', attempt: 1, retryAt: T + cfg.connectTimeoutMs + 1_000 }, effects: ['close', 'scheduleRetry'] },
    { name: 'watchdog replaces a silent socket at once', from: { kind: 'open', lastMessageAt: T }, event: { type: 'watchdog', now: T + cfg.staleAfterMs, random: 0 }, to: { kind: 'connecting', attempt: 0, since: T + cfg.staleAfterMs }, effects: ['close', 'cancelRetry', 'open'] },
    { name: 'watchdog keeps a live socket', from: { kind: 'open', lastMessageAt: T }, event: { type: 'watchdog', now: T + 20_000, random: 0 }, to: { kind: 'open', lastMessageAt: T }, effects: [] },
    { name: 'wake skips the backoff', from: { kind: 'backoff', attempt: 5, retryAt: T + 30_000 }, event: { type: 'wake', now: T }, to: { kind: 'connecting', attempt: 5, since: T }, effects: ['cancelRetry', 'open'] },
    { name: 'a close while idle is not news', from: { kind: 'idle' }, event: { type: 'closed', code: 1006, now: T, random: 0 }, to: { kind: 'idle' }, effects: [] },
    { name: 'a late welcome after unpairing is ignored', from: { kind: 'idle' }, event: { type: 'welcome', now: T }, to: { kind: 'idle' }, effects: [] },
  ];

  it.each(table)('$name', ({ from, event, to, effects }) => {
    const next = step(from, event, cfg);
    expect(next.state).toEqual(to);
    expect(types(next.effects)).toEqual(effects);
  });

  it('backs off exponentially with jitter up to the cap', () => {
    const lows = [1, 2, 3, 4, 5, 6, 7, 8].map((a) => backoffDelay(a, 0, cfg));
    const highs = [1, 2, 3, 4, 5, 6, 7, 8].map((a) => backoffDelay(a, 1, cfg));
    expect(highs).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000]);
    expect(lows).toEqual(highs.map((h) => h / 2));
  });

  it('survives a bridge restart: drop, refused attempts, then back', () => {
    const { state, effects } = run({ kind: 'open', lastMessageAt: T }, [
      { type: 'closed', code: 1012, now: T, random: 0.5 },
      { type: 'retryDue', now: T + 900 },
      { type: 'closed', code: 1006, now: T + 950, random: 0.5 },
      { type: 'retryDue', now: T + 2_000 },
      { type: 'welcome', now: T + 2_050 },
    ]);
    expect(state).toEqual({ kind: 'open', lastMessageAt: T + 2_050 });
    expect(effects.map(types)).toEqual([['scheduleRetry'], ['cancelRetry', 'open'], ['scheduleRetry'], ['cancelRetry', 'open'], []]);
  });

  it('stays signed out until re-paired, whatever else happens', () => {
    const { state } = run({ kind: 'open', lastMessageAt: T }, [
      { type: 'closed', code: 4401, now: T, random: 0 },
      { type: 'watchdog', now: T + 60_000, random: 0 },
      { type: 'wake', now: T + 70_000 },
      { type: 'retryDue', now: T + 80_000 },
    ]);
    expect(state).toEqual({ kind: 'signedOut' });
  });

  it('maps states to the badge status', () => {
    expect(statusOf({ kind: 'idle' })).toBe('unconfigured');
    expect(statusOf({ kind: 'connecting', attempt: 0, since: T })).toBe('connecting');
    expect(statusOf({ kind: 'connecting', attempt: 2, since: T })).toBe('reconnecting');
    expect(statusOf({ kind: 'open', lastMessageAt: T })).toBe('connected');
    expect(statusOf({ kind: 'backoff', attempt: 1, retryAt: T })).toBe('reconnecting');
    expect(statusOf({ kind: 'signedOut' })).toBe('signedOut');
  });
});
