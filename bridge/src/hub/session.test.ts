import { EventEmitter } from 'node:events';
import type { WebSocket } from 'ws';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CloseCode } from '@ringside/shared';
import { AgentDirectory } from '../agents/directory.js';
import { openSqliteStore } from '../store/sqlite/index.js';
import type { Store } from '../store/store.js';
import { recordingLogger } from '../testing/memory-settings.js';
import { hashToken } from '../util/tokens.js';
import { AgentSession, type SessionOptions } from './session.js';
import { MemoryCoordination } from '../cluster/memory.js';
import { createFailedAttempts, noFailureBudget } from '../http/failed-attempts.js';

/**
 * The session's own rules against a stand-in for the `ws` library's socket (the integration
 * tests run the real one): what a flooding or slow client gets, and how often it is logged.
 */
class FakeSocket extends EventEmitter {
  bufferedAmount = 0;
  paused = false;
  sent: any[] = [];
  closedWith: number | null = null;
  terminated = 0;
  send(text: string) {
    this.sent.push(JSON.parse(text));
  }
  close(code: number) {
    this.closedWith = code;
  }
  terminate() {
    this.terminated++;
  }
  ping() {}
  pause() {
    this.paused = true;
  }
  resume() {
    this.paused = false;
  }
  /** A text frame from the client. */
  frame(message: unknown) {
    this.emit('message', Buffer.from(JSON.stringify(message)), false);
  }
}

const TOKEN = 'agent-token-0123456789';
const flush = () => new Promise((r) => setImmediate(r));

describe('agent session limits', () => {
  let store: Store;
  let agents: AgentDirectory;
  let log: ReturnType<typeof recordingLogger>;
  let budget: number[];

  beforeEach(async () => {
    store = openSqliteStore(':memory:');
    agents = new AgentDirectory(store.agents);
    await agents.create({ id: 'a1', name: 'Anna', email: null, extensions: ['21'], identifiers: {}, tokenHash: hashToken(TOKEN) });
    log = recordingLogger();
    budget = [];
  });
  afterEach(async () => {
    vi.useRealTimers();
    await store.close();
  });

  function options(overrides: Partial<SessionOptions> = {}): SessionOptions {
    return {
      store,
      agents,
      log,
      clock: () => new Date(),
      helloTimeoutMs: 10_000,
      replayWindowMs: 60_000,
      maxQueued: 100,
      // Each message takes the next answer of `budget`: 0 passes, n waits n seconds.
      takeMessage: () => budget.shift() ?? 0,
      onAuthenticated: () => true,
      onClose: () => undefined,
      address: '198.51.100.7',
      failures: noFailureBudget,
      ...overrides,
    };
  }

  async function session(overrides: Partial<SessionOptions> = {}): Promise<FakeSocket & { session: AgentSession }> {
    const ws = Object.assign(new FakeSocket(), { session: undefined as unknown as AgentSession });
    ws.session = new AgentSession(ws as unknown as WebSocket, options(overrides));
    ws.frame({ type: 'hello', token: TOKEN });
    for (let i = 0; i < 5 && !ws.sent.some((m) => m.type === 'welcome'); i++) await flush();
    return ws;
  }

  it('throttles an agent over its budget: one error, the socket unread until the budget refills', async () => {
    const ws = await session();
    vi.useFakeTimers();
    budget = [0, 1];
    ws.frame({ type: 'ping', requestId: 'p1' });
    ws.frame({ type: 'ping', requestId: 'p2' });
    ws.frame({ type: 'ping', requestId: 'p3' });
    await vi.advanceTimersByTimeAsync(0);
    expect(ws.sent.filter((m) => m.type === 'pong').map((m) => m.requestId)).toEqual(['p1']);
    expect(ws.sent.filter((m) => m.type === 'error')).toEqual([expect.objectContaining({ code: 'rate_limited' })]);
    expect(ws.paused).toBe(true);
    await vi.advanceTimersByTimeAsync(1000);
    expect(ws.paused).toBe(false);
    ws.frame({ type: 'ping', requestId: 'p4' });
    await vi.advanceTimersByTimeAsync(0);
    expect(ws.sent.filter((m) => m.type === 'pong').map((m) => m.requestId)).toEqual(['p1', 'p4']);
    expect(ws.closedWith).toBeNull();
  });

  it('closes a socket throttled again and again with 4429, and logs the episode once', async () => {
    const ws = await session();
    vi.useFakeTimers();
    for (let i = 0; i < 4; i++) {
      budget = [1];
      ws.frame({ type: 'ping' });
      await vi.advanceTimersByTimeAsync(1000);
    }
    expect(ws.closedWith).toBe(CloseCode.rateLimited);
    expect(log.calls.filter((c) => c.msg.includes('over the agent limit'))).toHaveLength(1);
  });

  it('closes a socket with more messages waiting than allowed with 4429', async () => {
    const ws = await session({ maxQueued: 3 });
    for (let i = 0; i < 5; i++) ws.frame({ type: 'search', q: 'welt' });
    expect(ws.closedWith).toBe(CloseCode.rateLimited);
  });

  it('does no work for messages queued behind a refused hello', async () => {
    const ws = new FakeSocket();
    let searches = 0;
    const counting = { ...store, customers: { ...store.customers, search: async () => (searches++, []) } };
    new AgentSession(ws as unknown as WebSocket, options({ store: counting }));
    ws.frame({ type: 'hello', token: 'wrong-token-0123456789' });
    for (let i = 0; i < 50; i++) ws.frame({ type: 'search', q: 'welt' });
    for (let i = 0; i < 10; i++) await flush();
    expect(ws.closedWith).toBe(CloseCode.unauthorized);
    expect(searches).toBe(0);
  });

  it('counts wrong hellos against the address, then refuses even the right token from it with 4429; other addresses pass', async () => {
    const failures = createFailedAttempts({ shared: new MemoryCoordination(() => 0), limit: { perSecond: 1, burst: 2 }, now: () => 0 });
    const hello = async (token: string, address: string) => {
      const ws = new FakeSocket();
      new AgentSession(ws as unknown as WebSocket, options({ failures, address }));
      ws.frame({ type: 'hello', token });
      for (let i = 0; i < 10 && ws.closedWith === null && !ws.sent.some((m) => m.type === 'welcome'); i++) await flush();
      return ws;
    };
    expect((await hello('wrong-token-0123456789', '198.51.100.7')).closedWith).toBe(CloseCode.unauthorized);
    expect((await hello('wrong-token-0123456789', '198.51.100.7')).closedWith).toBe(CloseCode.unauthorized);
    expect((await hello(TOKEN, '198.51.100.7')).closedWith).toBe(CloseCode.rateLimited);
    const other = await hello(TOKEN, '203.0.113.5');
    expect(other.closedWith).toBeNull();
    expect(other.sent[0]).toMatchObject({ type: 'welcome' });
  });

  it('lets the rest of the event loop run between the searches of one burst', async () => {
    const order: string[] = [];
    const counting = { ...store, customers: { ...store.customers, search: async () => (order.push('search'), []) } };
    const ws = await session({ store: counting });
    // A whole budget's worth arrives in one read after a throttle ends: it must not run as one
    // chain of microtasks ahead of a webhook that is already waiting (here: an immediate).
    for (let i = 0; i < 5; i++) ws.frame({ type: 'search', q: 'welt', requestId: String(i) });
    setImmediate(() => order.push('webhook'));
    for (let i = 0; i < 20 && ws.sent.filter((m) => m.type === 'searchResult').length < 5; i++) await flush();
    expect(order.filter((o) => o === 'search')).toHaveLength(5);
    expect(order.indexOf('webhook')).toBeLessThanOrEqual(1);
  });

  it('refuses an agent with too many sockets with 4409', async () => {
    const ws = await session({ onAuthenticated: () => false });
    expect(ws.closedWith).toBe(CloseCode.tooManySockets);
    expect(ws.sent.some((m) => m.type === 'welcome')).toBe(false);
  });

  it('cuts off a slow socket once, and logs it once, however many events follow', async () => {
    const ws = await session();
    ws.bufferedAmount = 5 * 1024 * 1024;
    for (let i = 1; i <= 940; i++) ws.session.deliver({ eventId: i, source: 'generic', targets: null, payload: JSON.stringify({ type: 'call', eventId: i }) });
    expect(ws.terminated).toBe(1);
    expect(log.calls.filter((c) => c.msg.includes('too slow'))).toHaveLength(1);
  });
});
