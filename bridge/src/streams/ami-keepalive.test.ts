import { describe, expect, it } from 'vitest';
import { ManualTimers } from '../testing/manual-timers.js';
import { AmiDecoder } from './ami-decoder.js';
import { AmiKeepalive } from './ami-keepalive.js';

function setup() {
  const timers = new ManualTimers();
  const sent: string[] = [];
  const dead: string[] = [];
  const keepalive = new AmiKeepalive({ intervalMs: 20_000, timeoutMs: 10_000, timers, send: (t) => sent.push(t), dead: (r) => dead.push(r) });
  /** The ActionID of the last Ping sent, read back the way Asterisk reads it. */
  const lastId = () => new AmiDecoder().push(sent.at(-1) ?? '')[0]?.ActionID;
  return { timers, sent, dead, keepalive, lastId };
}

describe('AMI keepalive', () => {
  it('pings every 20 s while the answers come', () => {
    const { timers, sent, dead, keepalive, lastId } = setup();
    keepalive.start();
    timers.advance(19_999);
    expect(sent).toEqual([]);
    timers.advance(1);
    expect(sent).toEqual(['Action: Ping\r\nActionID: ringside-ping-1\r\n\r\n']);
    for (let i = 0; i < 5; i++) {
      // Asterisk's answer (manager.c action_ping): Response: Success, our ActionID, Ping: Pong.
      expect(keepalive.onMessage({ Response: 'Success', ActionID: lastId()!, Ping: 'Pong', Timestamp: '1764835200.000000' })).toBe(true);
      timers.advance(20_000);
    }
    expect(sent).toHaveLength(6);
    expect(dead).toEqual([]);
  });

  it('declares the link dead 10 s after a Ping nobody answered', () => {
    const { timers, dead, keepalive } = setup();
    keepalive.start();
    timers.advance(20_000 + 9_999);
    expect(dead).toEqual([]);
    timers.advance(1);
    expect(dead).toEqual(['no answer to Ping within 10000 ms']);
  });

  it('counts only the answer to its own Ping; events and other answers are not one', () => {
    const { timers, dead, keepalive, lastId } = setup();
    keepalive.start();
    timers.advance(20_000);
    expect(keepalive.onMessage({ Event: 'Newchannel', ActionID: lastId()! })).toBe(false);
    expect(keepalive.onMessage({ Response: 'Success', ActionID: 'ringside-login-1' })).toBe(false);
    expect(keepalive.onMessage({ Response: 'Success', ActionID: 'ringside-ping-0' })).toBe(false);
    timers.advance(10_000);
    expect(dead).toHaveLength(1);
    // Pre-1.6 Asterisk answers `Response: Pong`: an answer too.
    const old = setup();
    old.keepalive.start();
    old.timers.advance(20_000);
    expect(old.keepalive.onMessage({ Response: 'Pong', ActionID: old.lastId()! })).toBe(true);
    old.timers.advance(10_000);
    expect(old.dead).toEqual([]);
  });

  it('does nothing after stop()', () => {
    const { timers, sent, dead, keepalive } = setup();
    keepalive.start();
    timers.advance(20_000);
    keepalive.stop();
    timers.advance(3_600_000);
    expect(sent).toHaveLength(1);
    expect(dead).toEqual([]);
    expect(timers.delays()).toEqual([]);
  });
});
