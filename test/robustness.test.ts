import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BridgeProcess, WEBHOOK_TOKEN } from './helpers/bridge-process.js';
import { AgentClient } from './helpers/ws-client.js';

// Bad input and crashes against the real bridge: it answers 4xx, keeps serving, loses nothing.

/** A raw request, for bodies and headers fetch() would refuse to send. */
function raw(port: number, path: string, headers: Record<string, string>, body: Buffer | string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'POST', headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('bad input', () => {
  let bridge: BridgeProcess;
  beforeAll(async () => {
    bridge = await BridgeProcess.start();
  });
  afterAll(async () => bridge?.dispose());

  const auth = { authorization: `Bearer ${WEBHOOK_TOKEN}` };
  const cases: [string, Record<string, string>, Buffer | string][] = [
    ['truncated JSON', { 'content-type': 'application/json' }, '{"event":"ringing","callId":"x'],
    ['wrong content type', { 'content-type': 'text/plain' }, 'event=ringing'],
    ['invalid UTF-8', { 'content-type': 'application/json' }, Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d])],
    ['deeply nested JSON', { 'content-type': 'application/json' }, `${'['.repeat(100_000)}${']'.repeat(100_000)}`],
    ['a JSON array', { 'content-type': 'application/json' }, '[1,2,3]'],
    ['an unknown event', { 'content-type': 'application/json' }, '{"event":"exploded","callId":"x"}'],
    ['a body over the limit', { 'content-type': 'application/json' }, `{"event":"ringing","callId":"${'x'.repeat(200_000)}"}`],
    ['an empty body', { 'content-type': 'application/json' }, ''],
  ];

  it.each(cases)('generic webhook: %s -> 4xx', async (_name, headers, body) => {
    const status = await raw(bridge.port, '/pbx/generic', { ...auth, ...headers }, body);
    expect(status).toBeGreaterThanOrEqual(400);
    expect(status).toBeLessThan(500);
  });

  it.each(cases)('customer API: %s -> 4xx', async (_name, headers, body) => {
    const status = await raw(bridge.port, '/api/customers/K-1', { authorization: 'Bearer test-admin-token-0123456789', ...headers }, body);
    expect(status).toBeGreaterThanOrEqual(400);
    expect(status).toBeLessThan(500);
  });

  it('refuses huge headers and keeps serving', async () => {
    const status = await raw(bridge.port, '/pbx/generic', { ...auth, 'x-junk': 'x'.repeat(64 * 1024) }, '{}').catch(() => 431);
    expect(status).toBe(431);
    expect((await bridge.api('GET', '/healthz', undefined, null)).status).toBe(200);
    expect((await bridge.api('GET', '/api/customers?q=x')).status).toBe(200);
  });
});

describe('crash in the middle of a burst of calls', () => {
  it('after kill -9 every webhook that got a 2xx is in the journal, and catch-up delivers it', async () => {
    const bridge = await BridgeProcess.start();
    try {
      const agent = (await bridge.api('POST', '/api/agents', { name: 'Ben', extensions: ['21'] })).body;
      const accepted: string[] = [];
      const burst = Array.from({ length: 300 }, (_, i) => `burst-${i}`);
      let killed = false;
      await Promise.all(
        burst.map(async (callId, i) => {
          // Stagger so the kill lands in the middle of the stream of requests.
          await new Promise((r) => setTimeout(r, i * 2));
          if (i === 150 && !killed) {
            killed = true;
            void bridge.stop('SIGKILL');
          }
          try {
            const res = await bridge.webhook({ event: 'ringing', callId, from: '0301234567', agents: ['21'] });
            if (res.status === 202) accepted.push(callId);
          } catch {
            // connection refused or reset: not acknowledged, so it may be lost
          }
        }),
      );
      expect(accepted.length).toBeGreaterThan(0);
      await bridge.spawn();
      const today = (await bridge.api('GET', '/api/me/calls?scope=today', undefined, agent.token)).body.calls as { callId: string }[];
      const journaled = new Set(today.map((c) => c.callId));
      expect(accepted.filter((id) => !journaled.has(id))).toEqual([]);

      // An agent that has seen nothing yet (lastEventId 0) gets every acknowledged call.
      const socket = await AgentClient.connect(bridge.base, { token: agent.token, lastEventId: 0 });
      const last = accepted[accepted.length - 1];
      await socket.waitFor((m) => m.type === 'call' && m.call.callId === last);
      const replayed = new Set(socket.calls().map((m) => m.call.callId));
      expect(accepted.filter((id) => !replayed.has(id))).toEqual([]);
      socket.close();
    } finally {
      await bridge.dispose();
    }
  });
});
