import { createHmac } from 'node:crypto';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallMessage, ServerMessage } from '@ringside/shared';
import { BridgeProcess, WEBHOOK_TOKEN } from './helpers/bridge-process.js';
import { AgentClient, expectNothing } from './helpers/ws-client.js';

// Every phone system's wire format through the real bridge process: the vendor's request in,
// the vendor's expected answer out, and the card at the right agent's socket.

const PLACETEL_SECRET = 'placetel-shared-secret';
const TWILIO_TOKEN = 'twilio-auth-token-123';
const PUBLIC_URL = 'https://ringside.example.com';

const isCall = (callId: string, event?: string) => (m: ServerMessage): m is CallMessage =>
  m.type === 'call' && m.call.callId === callId && (!event || m.event === event);

function form(fields: Record<string, string | string[]>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) p.append(k, one);
  return p.toString();
}

/** Twilio signs the full URL plus the POST params sorted by name. */
function twilioSignature(url: string, body: string): string {
  const params = [...new URLSearchParams(body).entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return createHmac('sha1', TWILIO_TOKEN).update(url + params.map(([k, v]) => k + v).join('')).digest('base64');
}

describe('phone systems through the real bridge', () => {
  let bridge: BridgeProcess;
  let fritz: net.Server;
  let fritzSocket: net.Socket | undefined;
  let ben: { token: string };
  let lena: { token: string };
  let benWs: AgentClient;
  let lenaWs: AgentClient;

  async function post(path: string, body: string, headers: Record<string, string> = {}) {
    const res = await fetch(`${bridge.base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body,
    });
    return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() };
  }

  beforeAll(async () => {
    fritz = net.createServer((socket) => {
      fritzSocket = socket;
      socket.on('error', () => {});
    });
    await new Promise<void>((r) => fritz.listen(0, '127.0.0.1', r));
    const fritzPort = (fritz.address() as net.AddressInfo).port;
    bridge = await BridgeProcess.start({
      env: {
        RINGSIDE_PUBLIC_URL: PUBLIC_URL,
        RINGSIDE_PLACETEL_SECRET: PLACETEL_SECRET,
        RINGSIDE_TWILIO_AUTH_TOKEN: TWILIO_TOKEN,
        RINGSIDE_FRITZBOX: `127.0.0.1:${fritzPort}`,
        RINGSIDE_BLOCKLIST: '0900 1234567, +49 30 9999999',
        RINGSIDE_SOURCES: 'zammad,sipgate',
      },
    });
    await bridge.api('PUT', '/api/customers/K-1', {
      company: 'Welter Dachbau GmbH',
      phones: [{ number: '0211 1234567-0', main: true }],
      contacts: [{ salutation: 'Herr', lastName: 'Welter', phones: [{ number: '0170 1234567' }] }],
    });
    ben = (await bridge.api('POST', '/api/agents', { name: 'Ben', extensions: ['21'], identifiers: { sipgate: ['w0'], fritzbox: ['1'], placetel: ['ben@sip'], zammad: ['Ben Berger'] } })).body;
    // Lena answers the office's second number (MSN 0211888) on the Fritz!Box.
    lena = (await bridge.api('POST', '/api/agents', { name: 'Lena', extensions: ['22'], identifiers: { sipgate: ['w1'], fritzbox: ['0211888'] } })).body;
    benWs = await AgentClient.connect(bridge.base, { token: ben.token });
    lenaWs = await AgentClient.connect(bridge.base, { token: lena.token });
  });

  afterAll(async () => {
    benWs?.close();
    lenaWs?.close();
    fritzSocket?.destroy();
    fritz?.close();
    await bridge?.dispose();
  });

  it('sipgate: form newCall pops only for the ringing user ids and subscribes to answer/hangup', async () => {
    const path = `/pbx/sipgate/${WEBHOOK_TOKEN}`;
    const res = await post(path, form({ event: 'newCall', from: '492111234567', to: '4921199999', direction: 'in', callId: 'sg-1', 'user[]': ['Ben'], 'userId[]': ['w0'] }));
    expect(res.status).toBe(200);
    expect(res.type).toContain('xml');
    expect(res.text).toContain(`onAnswer="${PUBLIC_URL}${path}"`);
    const ringing = await benWs.waitFor(isCall('sg-1', 'ringing'));
    expect(ringing.lookup).toMatchObject({ status: 'known', matches: [{ level: 'exact', card: { customerNo: 'K-1' } }] });
    await expectNothing(lenaWs, isCall('sg-1'));
    await post(path, form({ event: 'answer', callId: 'sg-1', user: 'Ben', userId: 'w0', from: '492111234567', to: '4921199999', direction: 'in' }));
    expect((await benWs.waitFor(isCall('sg-1', 'answered'))).call).toMatchObject({ answeredBy: 'w0', answeredByName: 'Ben' });
    await post(path, form({ event: 'hangup', cause: 'normalClearing', callId: 'sg-1', from: '492111234567', to: '4921199999', direction: 'in' }));
    expect((await benWs.waitFor(isCall('sg-1', 'ended'))).call.outcome).toBe('answered');
  });

  it('sipgate: a wrong token is 401, a body without callId is 400 naming it', async () => {
    expect((await post('/pbx/sipgate/wrong-token', form({ event: 'newCall', callId: 'x' }))).status).toBe(401);
    const bad = await post(`/pbx/sipgate/${WEBHOOK_TOKEN}`, form({ event: 'newCall', from: '49211' }));
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.text)).toMatchObject({ field: 'callId' });
  });

  it('Zammad-compatible CTI: a PBX set up for Zammad only changes the host', async () => {
    const path = `/api/v1/cti/${WEBHOOK_TOKEN}`;
    // Zammad names the called users by name; the agent maps that name under "zammad".
    const body = JSON.stringify({ event: 'newCall', from: '491701234567', to: '49211999', direction: 'in', callId: 'zm-1', user: ['Ben Berger'] });
    const res = await post(path, body, { 'content-type': 'application/json' });
    expect(res).toMatchObject({ status: 200, text: '{}' });
    const ringing = await benWs.waitFor(isCall('zm-1', 'ringing'));
    expect(ringing.lookup?.matches[0]?.contact).toMatchObject({ lastName: 'Welter' });
    await expectNothing(lenaWs, isCall('zm-1'));
    await post(path, JSON.stringify({ event: 'hangup', callId: 'zm-1', cause: 'cancel', direction: 'in', from: '491701234567', to: '49211999' }), { 'content-type': 'application/json' });
    expect((await benWs.waitFor(isCall('zm-1', 'ended'))).call.outcome).toBe('missed');
    expect((await post(path, JSON.stringify({ event: 'newCall', callId: 'zm-2', direction: 'sideways' }), { 'content-type': 'application/json' })).status).toBe(422);
    const blocked = await post(path, JSON.stringify({ event: 'newCall', from: '00499001234567', to: '49211999', direction: 'in', callId: 'zm-3' }), { 'content-type': 'application/json' });
    expect(JSON.parse(blocked.text)).toEqual({ action: 'reject', reason: 'busy' });
  });

  it('Placetel: HMAC signature checked against the configured secret', async () => {
    const path = `/pbx/placetel/${WEBHOOK_TOKEN}`;
    const body = form({ event: 'IncomingCall', from: '01701234567', to: '0211999', call_id: 'pt-1', direction: 'in' });
    const sign = (b: string) => createHmac('sha256', PLACETEL_SECRET).update(b).digest('hex');
    expect((await post(path, body, { 'x-placetel-signature': 'deadbeef' })).status).toBe(401);
    expect((await post(path, body, { 'x-placetel-signature': sign(body) })).status).toBe(200);
    await benWs.waitFor(isCall('pt-1', 'ringing'));
    const accepted = form({ event: 'CallAccepted', from: '01701234567', to: '0211999', call_id: 'pt-1', peer: 'ben@sip' });
    await post(path, accepted, { 'x-placetel-signature': sign(accepted) });
    expect((await benWs.waitFor(isCall('pt-1', 'answered'))).call.answeredByName).toBe('Ben');
  });

  it('Twilio: status callbacks with a valid signature; a forged one is refused', async () => {
    const path = `/pbx/twilio/${WEBHOOK_TOKEN}`;
    const body = form({ CallSid: 'CA-1', AccountSid: 'AC1', From: '+491701234567', To: '+4921199999', CallStatus: 'ringing', Direction: 'inbound' });
    const url = `${PUBLIC_URL}${path}`;
    const forged = await post(path, body, { 'x-twilio-signature': 'AAAA' });
    expect([401, 403]).toContain(forged.status);
    const ok = await post(path, body, { 'x-twilio-signature': twilioSignature(url, body) });
    expect(ok.status).toBe(200);
    expect(ok.text).toContain('<Response');
    await lenaWs.waitFor(isCall('CA-1', 'ringing'));
    const done = form({ CallSid: 'CA-1', AccountSid: 'AC1', From: '+491701234567', To: '+4921199999', CallStatus: 'no-answer', Direction: 'inbound' });
    await post(path, done, { 'x-twilio-signature': twilioSignature(url, done) });
    expect((await lenaWs.waitFor(isCall('CA-1', 'ended'))).call.outcome).toBe('missed');
  });

  it('Fritz!Box call monitor: a RING on an MSN nobody is given pops for everyone, CONNECT names the extension, DISCONNECT ends', async () => {
    const deadline = Date.now() + 15_000;
    while (!fritzSocket && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(fritzSocket, 'the bridge connects to the call monitor').toBeDefined();
    fritzSocket!.write('23.11.26 10:15:30;RING;2;01701234567;0211999;SIP0;\r\n');
    const ringing = await lenaWs.waitFor((m): m is CallMessage => m.type === 'call' && m.call.source === 'fritzbox' && m.event === 'ringing');
    expect(ringing.lookup?.matches[0]?.card.customerNo).toBe('K-1');
    fritzSocket!.write('23.11.26 10:15:35;CONNECT;2;1;01701234567;\r\n');
    const answered = await benWs.waitFor((m): m is CallMessage => m.type === 'call' && m.call.source === 'fritzbox' && m.event === 'answered');
    expect(answered.call).toMatchObject({ answeredBy: '1', answeredByName: 'Ben', callId: ringing.call.callId });
    fritzSocket!.write('23.11.26 10:16:35;DISCONNECT;2;60;\r\n');
    const ended = await benWs.waitFor((m): m is CallMessage => m.type === 'call' && m.call.source === 'fritzbox' && m.event === 'ended');
    expect(ended.call.outcome).toBe('answered');
  });

  it('Fritz!Box call monitor: a RING on an MSN given to an agent pops only for them, with the bridge time', async () => {
    // The box's clock was reset (no internet time after a power cut).
    const connectedAt = lenaWs.messages.find((m) => m.type === 'welcome')!;
    fritzSocket!.write('01.01.00 00:00:12;RING;3;01701234567;0211888;SIP1;\r\n');
    const ringing = await lenaWs.waitFor((m): m is CallMessage => m.type === 'call' && m.call.callId === '3@2000-01-01T00:00:12' && m.event === 'ringing');
    // The card pops now: the call started when the bridge heard of it, not in the year 2000.
    expect(ringing.call.startedAt >= (connectedAt as { serverTime: string }).serverTime).toBe(true);
    await expectNothing(benWs, isCall('3@2000-01-01T00:00:12'));
    fritzSocket!.write('01.01.00 00:00:40;DISCONNECT;3;0;\r\n');
    expect((await lenaWs.waitFor(isCall('3@2000-01-01T00:00:12', 'ended'))).call.outcome).toBe('missed');
  });

  it('reports readiness of the database and the call monitor, and metrics to the admin only', async () => {
    const ready = await bridge.api('GET', '/readyz', undefined, null);
    expect(ready).toMatchObject({ status: 200, body: { checks: { database: true, fritzbox: true } } });
    expect((await bridge.api('GET', '/metrics', undefined, null)).status).toBe(401);
    const metrics = await bridge.api('GET', '/metrics');
    expect(metrics.body).toContain('ringside_call_events_total{source="sipgate",event="ringing",outcome="none"} 1');
    expect(metrics.body).toMatch(/ringside_agent_sockets 2/);
    expect(metrics.body).toContain('ringside_webhook_to_push_seconds_bucket');
    fritzSocket?.destroy();
    fritz.close();
    const deadline = Date.now() + 10_000;
    let checks: Record<string, boolean> = {};
    while (Date.now() < deadline) {
      checks = (await bridge.api('GET', '/readyz', undefined, null)).body.checks;
      if (!checks.fritzbox) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(checks).toMatchObject({ database: true, fritzbox: false });
  });

  it('generic format with the token in the path, for senders that cannot set headers', async () => {
    const res = await post(`/pbx/generic/${WEBHOOK_TOKEN}`, JSON.stringify({ event: 'ringing', callId: 'gp-1', from: '01701234567', agents: ['21'] }), { 'content-type': 'application/json' });
    expect(res.status).toBe(202);
    await benWs.waitFor(isCall('gp-1', 'ringing'));
    expect((await post('/pbx/generic/wrong-token', '{}', { 'content-type': 'application/json' })).status).toBe(401);
  });

  it('an unknown phone system is 404, not a crash', async () => {
    expect((await post(`/pbx/nokia/${WEBHOOK_TOKEN}`, 'a=b')).status).toBe(404);
    expect((await bridge.api('GET', '/healthz', undefined, null)).status).toBe(200);
  });
});
