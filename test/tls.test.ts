import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallMessage, ServerMessage } from '@ringside/shared';
import { BridgeProcess, WEBHOOK_TOKEN } from './helpers/bridge-process.js';
import { AgentClient } from './helpers/ws-client.js';

// RINGSIDE_TLS_CERT/KEY: the bridge serves HTTPS and WSS itself. And behind a reverse proxy:
// the client address comes from X-Forwarded-For only when RINGSIDE_TRUST_PROXY says so.

const isCall = (callId: string) => (m: ServerMessage): m is CallMessage => m.type === 'call' && m.call.callId === callId;

/** POST over HTTPS with node:https (fetch cannot be told about a CA without a dispatcher). */
function httpsPost(url: string, body: string, headers: Record<string, string>, ca?: Buffer): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers, ...(ca && { ca }) }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('TLS: the bridge serves HTTPS and WSS itself', () => {
  let dir: string;
  let ca: Buffer;
  let bridge: BridgeProcess;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ringside-tls-'));
    const key = join(dir, 'k.pem');
    const cert = join(dir, 'c.pem');
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
      '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1', '-keyout', key, '-out', cert,
    ], { stdio: 'ignore' });
    ca = readFileSync(cert);
    bridge = await BridgeProcess.start({ env: { RINGSIDE_TLS_CERT: cert, RINGSIDE_TLS_KEY: key }, tls: { ca } });
  });

  afterAll(async () => {
    await bridge?.dispose();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('a generic webhook over https pops the card on a wss:// agent socket', async () => {
    expect(bridge.base).toMatch(/^https:/);
    const agent = await bridge.createAgent('Ben', ['21']);
    const ws = await AgentClient.connect(bridge.base, { token: agent.token }, { ca });
    try {
      const body = JSON.stringify({ event: 'ringing', callId: 'tls-1', from: '+49 30 2312574', agents: ['21'] });
      const res = await httpsPost(`${bridge.base}/pbx/generic`, body, { authorization: `Bearer ${WEBHOOK_TOKEN}`, 'content-type': 'application/json' }, ca);
      expect(res.status).toBe(202);
      const ringing = await ws.waitFor(isCall('tls-1'));
      expect(ringing.event).toBe('ringing');
    } finally {
      ws.close();
    }
  });

  it('the default public URL is https://', () => {
    expect(bridge.output).toContain(`listening on https://127.0.0.1:${bridge.port}`);
  });

  it('a client that does not trust the certificate is refused, and plain HTTP gets no answer', async () => {
    await expect(httpsPost(`${bridge.base}/pbx/generic`, '{}', {})).rejects.toThrow(/self[- ]signed|certificate/i);
    await expect(fetch(`http://127.0.0.1:${bridge.port}/healthz`)).rejects.toThrow();
  });
});

describe('behind a reverse proxy: X-Forwarded-For counts only with RINGSIDE_TRUST_PROXY', () => {
  let direct: BridgeProcess;
  let proxied: BridgeProcess;
  const body = JSON.stringify({ event: 'ringing', callId: 'xff-1', from: '+49 30 2312574' });
  const headers = { authorization: `Bearer ${WEBHOOK_TOKEN}`, 'content-type': 'application/json' };
  const post = (bridge: BridgeProcess, extra: Record<string, string> = {}) =>
    fetch(`${bridge.base}/pbx/generic`, { method: 'POST', headers: { ...headers, ...extra }, body }).then((r) => r.status);

  beforeAll(async () => {
    [direct, proxied] = await Promise.all([
      BridgeProcess.start({ env: { RINGSIDE_ALLOW_IPS_GENERIC: '10.0.0.0/8' } }),
      BridgeProcess.start({ env: { RINGSIDE_ALLOW_IPS_GENERIC: '10.0.0.0/8', RINGSIDE_TRUST_PROXY: '1' } }),
    ]);
  });

  afterAll(async () => {
    await Promise.all([direct?.dispose(), proxied?.dispose()]);
  });

  it('without RINGSIDE_TRUST_PROXY a spoofed X-Forwarded-For is ignored: the TCP peer is checked', async () => {
    expect(await post(direct, { 'x-forwarded-for': '10.1.2.3' })).toBe(403);
    expect(await post(direct)).toBe(403);
  });

  it('with RINGSIDE_TRUST_PROXY=1 the address the proxy appended is checked', async () => {
    // Loopback plays the proxy: it appended the client's address as the last entry.
    expect(await post(proxied, { 'x-forwarded-for': '10.1.2.3' })).toBe(202);
    // Without the header the peer (127.0.0.1) is the client, and it is not on the list.
    expect(await post(proxied)).toBe(403);
    // What the client wrote in front of the proxy's entry is not trusted (one hop only).
    expect(await post(proxied, { 'x-forwarded-for': '10.9.9.9, 192.0.2.7' })).toBe(403);
  });
});
