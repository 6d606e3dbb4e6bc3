import { readFileSync } from 'node:fs';
import net from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CallEvent } from '../bridge/src/calls/call-event.js';
import { startAmiClient } from '../bridge/src/streams/ami-client.js';
import { AmiDecoder } from '../bridge/src/streams/ami-decoder.js';
import { startFritzboxClient } from '../bridge/src/streams/fritzbox-client.js';
import { KEEPALIVE_MS, MAX_BACKOFF_MS, type StreamClient, type StreamLog } from '../bridge/src/streams/line-client.js';
import { ManualTimers } from '../bridge/src/testing/manual-timers.js';

// Real sockets on 127.0.0.1 against fake phone systems that drop and refuse connections.
// Short backoff keeps it quick; assertions poll for conditions instead of sleeping. Where the
// test is about the client's timing (10 s backoff cap, 20 s pings), virtual timers let the
// time pass instead: nothing is asserted about how long anything took on this machine.

const fixtures = new URL('../bridge/src/streams/fixtures/', import.meta.url);
const load = (path: string) => readFileSync(new URL(path, fixtures), 'utf8');
const expected = (path: string) => JSON.parse(load(path.replace(/\.txt$/, '.expected.json'))) as CallEvent[];
const crlf = (text: string) => text.replace(/\r?\n/g, '\r\n');
const backoff = { baseMs: 20, maxMs: 200 };

async function waitFor(what: string, condition: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

function recorder() {
  const lines: { level: 'info' | 'warn'; msg: string; fields?: Record<string, unknown> }[] = [];
  const log: StreamLog = {
    info: (msg, fields) => lines.push({ level: 'info', msg, fields }),
    warn: (msg, fields) => lines.push({ level: 'warn', msg, fields }),
  };
  const count = (msg: string) => lines.filter((l) => l.msg.includes(msg)).length;
  return { lines, log, count };
}

/** A listener that can be taken down (connections refused) and brought back on the same port. */
class FakeServer {
  private server: net.Server | undefined;
  port = 0;
  readonly sockets: net.Socket[] = [];

  constructor(private readonly onConnection: (socket: net.Socket, index: number) => void) {}

  async listen(): Promise<void> {
    const server = net.createServer((socket) => {
      this.sockets.push(socket);
      socket.on('error', () => {});
      this.onConnection(socket, this.sockets.length);
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as net.AddressInfo).port;
    this.server = server;
  }

  /** Stop accepting; existing connections stay until dropped. */
  refuse(): void {
    this.server?.close();
    this.server = undefined;
  }

  async close(): Promise<void> {
    this.refuse();
    for (const s of this.sockets) s.destroy();
  }
}

/** Writes text in small pieces so lines and messages straddle TCP chunks. */
async function dribble(socket: net.Socket, text: string, piece = 37): Promise<void> {
  for (let i = 0; i < text.length; i += piece) {
    socket.write(text.slice(i, i + piece));
    await new Promise((r) => setImmediate(r));
  }
}

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanup.length) await cleanup.pop()?.();
  vi.restoreAllMocks();
});

function track(client: StreamClient, server: FakeServer): StreamClient {
  cleanup.push(() => server.close(), () => client.stop());
  return client;
}

describe('Fritz!Box call monitor client', () => {
  it('reconnects after a drop and a refusal, and delivers every event exactly once', async () => {
    const keepAlive = vi.spyOn(net.Socket.prototype, 'setKeepAlive');
    const answered = crlf(load('fritzbox/incoming-answered.txt')).split(/(?<=\n)/);
    // Session 1 ends mid-call (before the DISCONNECT) and mid-line; session 2 finishes it.
    const part1 = answered.slice(0, 2).join('') + crlf(load('fritzbox/missed.txt'));
    const part2 = answered.slice(2).join('') + 'hello fritz\r\n' + crlf(load('fritzbox/outgoing.txt'));
    // Events carry the bridge's receive time (here a fixed clock), whatever the box's lines say.
    const receivedAt = Date.parse('2026-12-04T09:00:00.000Z');
    const want = [...expected('fritzbox/incoming-answered.txt').slice(0, 2), ...expected('fritzbox/missed.txt'),
      ...expected('fritzbox/incoming-answered.txt').slice(2), ...expected('fritzbox/outgoing.txt')]
      .map((e) => ({ ...e, at: new Date(receivedAt).toISOString() }));

    const server = new FakeServer((socket, index) => {
      if (index === 1) void dribble(socket, part1 + '25.08.25 20:16');
      else void dribble(socket, part2);
    });
    await server.listen();
    const { log, count, lines } = recorder();
    const events: CallEvent[] = [];
    track(startFritzboxClient({ host: '127.0.0.1', port: server.port, log, onEvent: (e) => events.push(e), backoff, timeZone: 'Europe/Berlin', clock: () => receivedAt }), server);

    await waitFor('events of session 1', () => events.length === 4);
    server.refuse();
    server.sockets[0]?.destroy();
    await waitFor('refused reconnects', () => count('fritzbox: connect failed') >= 2);
    expect(lines.find((l) => l.msg === 'fritzbox: connect failed')?.fields).toMatchObject({ error: 'ECONNREFUSED' });
    await server.listen();

    await waitFor('events of session 2', () => events.length >= want.length);
    await new Promise((r) => setTimeout(r, 100));
    expect(events).toEqual(want);
    expect(count('fritzbox: connected')).toBe(2);
    expect(count('fritzbox: disconnected')).toBe(1);
    expect(count('fritzbox: unparseable line')).toBe(1);
    expect(keepAlive).toHaveBeenCalledWith(true, KEEPALIVE_MS);
    // The fixtures are from 2025: a box clock that far behind is reported (with how far).
    const skew = lines.find((l) => l.msg.startsWith('fritzbox: the box clock is off'))?.fields;
    expect(skew?.boxBehindSeconds).toBe((receivedAt - Date.parse('2025-08-25T18:15:30.000Z')) / 1000);
  });

  it('stop() closes the socket and ends the reconnect loop', async () => {
    const server = new FakeServer(() => {});
    await server.listen();
    const { log } = recorder();
    const client = track(startFritzboxClient({ host: '127.0.0.1', port: server.port, log, onEvent: () => {}, backoff }), server);
    await waitFor('connection', () => client.isConnected());
    await client.stop();
    expect(client.isConnected()).toBe(false);
    await new Promise((r) => setTimeout(r, 300));
    expect(server.sockets).toHaveLength(1);
  });
});

/** Fixture body without the banner and login response the fake server produces itself. */
const amiBody = (name: string) => crlf(load(name)).slice(crlf(load(name)).indexOf('Event:'));

/** How the fake answers `Action: Ping`, and the pings it has seen (`connection:ActionID`). */
interface PingBehaviour {
  answer: boolean;
  seen: string[];
}

function fakeAmi(secret: string, sessions: string[], logins: string[], ping: PingBehaviour = { answer: true, seen: [] }) {
  return new FakeServer((socket, index) => {
    const decoder = new AmiDecoder();
    socket.setEncoding('utf8');
    socket.write('Asterisk Call Manager/7.0.3\r\n');
    socket.on('data', (chunk: string) => {
      for (const msg of decoder.push(chunk)) {
        if (msg.Action === 'Ping') {
          ping.seen.push(`${index}:${msg.ActionID}`);
          // As Asterisk's manager.c (action_ping) answers it.
          if (ping.answer) socket.write(`Response: Success\r\nActionID: ${msg.ActionID}\r\nPing: Pong\r\nTimestamp: 1764838800.000000\r\n\r\n`);
          continue;
        }
        if (msg.Action !== 'Login') continue;
        logins.push(`${index}:${msg.Username}:${msg.Events}`);
        if (msg.Secret !== secret) {
          socket.write(`Response: Error\r\nActionID: ${msg.ActionID}\r\nMessage: Authentication failed\r\n\r\n`);
          continue;
        }
        socket.write(`Response: Success\r\nActionID: ${msg.ActionID}\r\nMessage: Authentication accepted\r\n\r\n`);
        void dribble(socket, sessions[index - 1] ?? '', 101);
      }
    });
  });
}

describe('Asterisk AMI client', () => {
  it('logs in again after every reconnect and delivers every event exactly once', async () => {
    const missed = amiBody('ami/missed.txt');
    const cut = missed.indexOf('Event: DialEnd');
    const sessions = [amiBody('ami/ring-group-answered.txt') + missed.slice(0, cut) + 'Event: DialEn', missed.slice(cut)];
    const want = [...expected('ami/ring-group-answered.txt'), ...expected('ami/missed.txt')];
    const logins: string[] = [];
    const server = fakeAmi('s3cret', sessions, logins);
    await server.listen();
    const { log, count } = recorder();
    const events: CallEvent[] = [];
    track(startAmiClient({ url: `ami://ringside:s3cret@127.0.0.1:${server.port}`, log, onEvent: (e) => events.push(e), backoff }), server);

    await waitFor('events of session 1', () => events.length === 5);
    server.refuse();
    server.sockets[0]?.destroy();
    await waitFor('refused reconnects', () => count('ami: connect failed') >= 2);
    await server.listen();

    await waitFor('events of session 2', () => events.length >= want.length);
    await new Promise((r) => setTimeout(r, 100));
    expect(events).toEqual(want);
    expect(logins).toEqual(['1:ringside:on', '2:ringside:on']);
    expect(count('ami: logged in')).toBe(2);
    expect(count('ami: disconnected')).toBe(1);
  });

  it('treats a rejected login as an error: logs it, backs off, retries', async () => {
    const logins: string[] = [];
    const server = fakeAmi('right', [amiBody('ami/queue.txt')], logins);
    await server.listen();
    const { log, lines } = recorder();
    const events: CallEvent[] = [];
    track(startAmiClient({ url: `ami://ringside:wrong@127.0.0.1:${server.port}`, log, onEvent: (e) => events.push(e), backoff }), server);

    await waitFor('a second login attempt', () => logins.length >= 2);
    const rejected = lines.find((l) => l.level === 'warn' && l.fields?.error === 'login rejected: Authentication failed');
    expect(rejected?.msg).toBe('ami: disconnected');
    expect(events).toEqual([]);
    expect(JSON.stringify(lines)).not.toContain('wrong');
  });

  it('gives up on a server that never sends the banner', async () => {
    const server = new FakeServer(() => {});
    await server.listen();
    const { log, lines } = recorder();
    track(startAmiClient({ url: `ami://u:p@127.0.0.1:${server.port}`, log, onEvent: () => {}, backoff, loginTimeoutMs: 200 }), server);
    await waitFor('the timeout', () => lines.some((l) => l.fields?.error === 'no AMI banner'));
  });

  it('refuses to start with a malformed URL', () => {
    expect(() => startAmiClient({ url: 'pbx.lan:5038', log: recorder().log, onEvent: () => {} })).toThrow(/AMI URL: not a URL/);
  });
});

describe('Asterisk AMI keepalive', () => {
  it('pings every 20 s; a server that stops answering is dropped, reconnected and logged in to again', async () => {
    const timers = new ManualTimers();
    const logins: string[] = [];
    const ping: PingBehaviour = { answer: true, seen: [] };
    const server = fakeAmi('s3cret', [], logins, ping);
    await server.listen();
    const { log, count, lines } = recorder();
    track(startAmiClient({ url: `ami://ringside:s3cret@127.0.0.1:${server.port}`, log, onEvent: () => {}, timers }), server);
    await waitFor('login', () => count('ami: logged in') === 1);
    // Only the next ping is pending: nothing happens before 20 s have passed.
    expect(timers.delays()).toEqual([20_000]);

    for (let i = 1; i <= 3; i++) {
      timers.advance(20_000);
      await waitFor(`ping ${i}`, () => ping.seen.length === i);
      // Answered: the 10 s deadline is gone and the next ping is due in 20 s.
      await waitFor(`answer ${i}`, () => timers.delays().length === 1 && timers.delays()[0] === 20_000);
    }
    timers.advance(15_000);
    expect(count('ami: disconnected')).toBe(0);
    expect(ping.seen).toEqual(['1:ringside-ping-1', '1:ringside-ping-2', '1:ringside-ping-3']);

    // The far end stays connected but stops answering: a link that is dead in all but TCP.
    ping.answer = false;
    timers.advance(5_000);
    await waitFor('ping 4', () => ping.seen.length === 4);
    timers.advance(9_999);
    expect(count('ami: disconnected')).toBe(0);
    timers.advance(1);
    await waitFor('the dead link dropped', () => count('ami: disconnected') === 1);
    expect(lines.find((l) => l.msg === 'ami: disconnected')?.fields).toMatchObject({ error: 'no answer to Ping within 10000 ms' });

    ping.answer = true;
    const [retry] = timers.delays();
    expect(retry).toBeLessThanOrEqual(MAX_BACKOFF_MS);
    timers.advance(retry!);
    await waitFor('second login', () => count('ami: logged in') === 2);
    expect(logins).toEqual(['1:ringside:on', '2:ringside:on']);
    timers.advance(20_000);
    await waitFor('pings on the new connection', () => ping.seen.at(-1) === '2:ringside-ping-1');
  });
});

describe.each(['fritzbox', 'ami'] as const)('%s after a long outage', (kind) => {
  it('is connected again within 10 s of the far end coming back', async () => {
    const timers = new ManualTimers();
    const logins: string[] = [];
    const server = kind === 'ami' ? fakeAmi('s3cret', [], logins) : new FakeServer(() => {});
    await server.listen();
    const { log, count, lines } = recorder();
    const client = track(
      kind === 'ami'
        ? startAmiClient({ url: `ami://ringside:s3cret@127.0.0.1:${server.port}`, log, onEvent: () => {}, timers })
        : startFritzboxClient({ host: '127.0.0.1', port: server.port, log, onEvent: () => {}, timers }),
      server,
    );
    const up = () => (kind === 'ami' ? count('ami: logged in') : count(`${kind}: connected`));
    await waitFor('first connection', () => up() === 1);

    // The PBX goes away (refusing connections) for half an hour of virtual time.
    server.refuse();
    server.sockets.at(-1)?.destroy();
    await waitFor('the drop', () => count(`${kind}: disconnected`) === 1);
    const outageEnds = timers.now() + 30 * 60_000;
    let attempts = 0;
    while (timers.now() < outageEnds) {
      const [retry] = timers.delays();
      expect(retry).toBeLessThanOrEqual(MAX_BACKOFF_MS);
      timers.advance(retry!);
      attempts++;
      await waitFor(`refused attempt ${attempts}`, () => count(`${kind}: connect failed`) === attempts);
    }
    // Capped, yet spread out: not one attempt per second, not one per minute.
    expect(attempts).toBeGreaterThan(30 * 60 / 10);
    expect(attempts).toBeLessThan(30 * 60 / 4);
    const delays = lines.filter((l) => l.msg === `${kind}: connect failed`).map((l) => l.fields?.retryInMs as number);
    expect(Math.max(...delays)).toBeLessThanOrEqual(MAX_BACKOFF_MS);
    expect(new Set(delays.slice(10)).size).toBeGreaterThan(1);

    // It comes back: the pending retry is at most 10 s away, and it connects.
    await server.listen();
    const [retry] = timers.delays();
    expect(retry).toBeLessThanOrEqual(MAX_BACKOFF_MS);
    timers.advance(retry!);
    await waitFor('reconnected', () => up() === 2);
    expect(client.isConnected()).toBe(true);
  });
});
