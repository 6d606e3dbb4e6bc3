import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode } from '@ringside/shared';
import { BridgeProcess } from './helpers/bridge-process.js';
import { AgentClient } from './helpers/ws-client.js';

// Dead sockets, oversized frames and restarts, against the real bridge with a 1 s heartbeat.

describe('WebSocket hub resilience', () => {
  let bridge: BridgeProcess;
  let token: string;

  beforeAll(async () => {
    bridge = await BridgeProcess.start({ env: { RINGSIDE_HEARTBEAT_S: '1' } });
    token = (await bridge.api('POST', '/api/agents', { name: 'Ben', extensions: ['21'] })).body.token;
  });
  afterAll(async () => bridge?.dispose());

  it('terminates a socket that stops answering pings', async () => {
    // autoPong off: this client behaves like a laptop that went to sleep mid-connection.
    const ws = new WebSocket(`${bridge.base.replace('http', 'ws')}/ws`, { autoPong: false });
    await new Promise((r) => ws.once('open', r));
    ws.send(JSON.stringify({ type: 'hello', token }));
    const code = await new Promise<number>((r) => ws.once('close', (c) => r(c)));
    expect(code).toBe(1006);
  });

  it('refuses sockets opened by a web page, accepts the extension', async () => {
    const url = `${bridge.base.replace('http', 'ws')}/ws`;
    const status = await new Promise<number | string>((resolve) => {
      const ws = new WebSocket(url, { origin: 'https://evil.example' });
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('open', () => resolve('open'));
    });
    expect(status).toBe(403);
    const ok = new WebSocket(url, { origin: 'chrome-extension://abcdefghijklmnopabcdefghijklmnop' });
    await new Promise((r, j) => {
      ok.once('open', r);
      ok.once('error', j);
    });
    ok.close();
  });

  it('keeps a socket that answers pings', async () => {
    const client = await AgentClient.connect(bridge.base, { token });
    await new Promise((r) => setTimeout(r, 3000));
    expect(client.closeCode).toBeUndefined();
    client.close();
  });

  it('refuses frames above the payload limit without falling over', async () => {
    const client = await AgentClient.connect(bridge.base, { token });
    client.send({ type: 'search', q: 'x'.repeat(200_000) });
    expect(await client.waitClosed()).toBe(1009);
    expect((await bridge.api('GET', '/healthz', undefined, null)).status).toBe(200);
  });

  it('tells clients to come back soon when it shuts down, and takes them back after the restart', async () => {
    const client = await AgentClient.connect(bridge.base, { token });
    const stopping = bridge.stop('SIGTERM');
    expect(await client.waitClosed()).toBe(CloseCode.restarting);
    expect(await stopping).toBe(0);
    await bridge.spawn();
    const again = await AgentClient.connect(bridge.base, { token, lastEventId: 0 });
    expect(again.messages[0]?.type).toBe('welcome');
    again.close();
  });
});
