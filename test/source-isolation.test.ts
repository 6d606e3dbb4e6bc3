import { readFileSync } from 'node:fs';
import { journalFileOf } from '../bridge/src/store/sqlite/journal-file.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallMessage, ServerMessage } from '@ringside/shared';
import { signStandardWebhook } from '../bridge/src/pbx/standard-webhooks.js';
import { AdminClient } from './helpers/admin-client.js';
import { BridgeProcess, WEBHOOK_TOKEN } from './helpers/bridge-process.js';
import { rawPost } from './helpers/raw-post.js';
import { AgentClient } from './helpers/ws-client.js';

// Strangers cannot spend a phone system's budget, the shared token stops opening other paths
// once signing is set, and an erased customer leaves no bytes behind (issue 13).

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const SIPGATE_TOKEN = 'sipgate-own-token-0123456789';
const isCall = (callId: string) => (m: ServerMessage): m is CallMessage => m.type === 'call' && m.call.callId === callId;
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

describe('phone-system isolation', () => {
  let bridge: BridgeProcess;
  let agent: AgentClient;
  let seq = 0;

  beforeAll(async () => {
    bridge = await BridgeProcess.start({
      env: {
        RINGSIDE_GENERIC_SIGNING_SECRET: SECRET,
        RINGSIDE_WEBHOOK_TOKEN_SIPGATE: SIPGATE_TOKEN,
        RINGSIDE_RATE_LIMIT_SIPGATE: '5',
        RINGSIDE_SOURCES: 'zammad',
        // Client addresses from X-Forwarded-For, so one test process can be many senders.
        RINGSIDE_TRUST_PROXY: 'loopback',
      },
    });
    const { token } = await bridge.createAgent('Ben', ['21']);
    agent = await AgentClient.connect(bridge.base, { token });
  });

  afterAll(async () => {
    agent?.close();
    await bridge?.dispose();
  });

  const post = (path: string, body: string, headers: Record<string, string>) => rawPost(bridge.base, path, body, headers);

  function signedGeneric(body: Record<string, unknown>) {
    const text = JSON.stringify(body);
    const id = `msg_${process.pid}_${++seq}`;
    const timestamp = Math.floor(Date.now() / 1000);
    return post('/pbx/generic', text, {
      authorization: `Bearer ${WEBHOOK_TOKEN}`,
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': signStandardWebhook(SECRET, id, timestamp, text),
    });
  }

  const sipgateCall = (callId: string, token: string, from: string) =>
    post(`/pbx/sipgate/${token}`, form({ event: 'newCall', from: '492111234567', to: '4921199999', direction: 'in', callId }), {
      'content-type': 'application/x-www-form-urlencoded',
      'x-forwarded-for': from,
    });

  it("a wrong-token flood leaves the real phone system's budget intact", async () => {
    // 60 strangers' requests at once, from three addresses, with wrong tokens.
    const flood = await Promise.all(Array.from({ length: 60 }, (_, i) => sipgateCall(`x-${i}`, `wrong-token-${i}`, `198.51.100.${i % 3}`)));
    expect(flood.every((r) => r.status === 401 || r.status === 429)).toBe(true);
    // Some addresses ran out of their own budget of failed attempts and are refused up front.
    expect(flood.filter((r) => r.status === 429).length).toBeGreaterThan(0);
    // The real system still has its whole burst (5/s, burst 10): none of its calls is refused.
    const real = [];
    for (let i = 0; i < 8; i++) real.push(await sipgateCall(`real-${i}`, SIPGATE_TOKEN, '203.0.113.5'));
    expect(real.map((r) => r.status)).toEqual(Array.from({ length: 8 }, () => 200));
    await agent.waitFor(isCall('real-7'));
  });

  it('once signing is set, the shared token opens neither the Zammad paths nor the generic webhook unsigned', async () => {
    const zammadBody = form({ event: 'newCall', from: '4922147110', to: '4930123', direction: 'in', callId: 'zammad-shared' });
    for (const path of [`/api/v1/cti/${WEBHOOK_TOKEN}`, `/pbx/zammad/${WEBHOOK_TOKEN}`]) {
      const res = await post(path, zammadBody, { 'content-type': 'application/x-www-form-urlencoded' });
      expect(res.status).toBe(401);
      expect(res.json).toMatchObject({ error: 'unauthorized', field: 'token' });
      expect(res.json.message).toContain('RINGSIDE_WEBHOOK_TOKEN_ZAMMAD');
    }
    // The generic webhook takes the shared token only with a valid signature, by header or path.
    const unsigned = JSON.stringify({ event: 'ringing', callId: 'generic-unsigned', from: '+49 30 1234567', agents: ['21'] });
    expect((await post('/pbx/generic', unsigned, { authorization: `Bearer ${WEBHOOK_TOKEN}`, 'content-type': 'application/json' })).status).toBe(401);
    expect((await post(`/pbx/generic/${WEBHOOK_TOKEN}`, unsigned, { 'content-type': 'application/json' })).status).toBe(401);
    // sipgate has its own token: the shared one does not open it either.
    expect((await sipgateCall('sipgate-shared', WEBHOOK_TOKEN, '203.0.113.5')).status).toBe(401);
    // A source nobody set up is off.
    const placetel = await post(`/pbx/placetel/${WEBHOOK_TOKEN}`, 'event=IncomingCall', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(placetel.status).toBe(403);
    expect(placetel.json.message).toMatch(/not set up/);

    expect((await signedGeneric({ event: 'ringing', callId: 'generic-signed', from: '+49 30 1234567', agents: ['21'] })).status).toBe(202);
    await agent.waitFor(isCall('generic-signed'));
    const refused = ['zammad-shared', 'generic-unsigned', 'sipgate-shared'];
    expect(agent.calls().filter((m) => refused.includes(m.call.callId))).toEqual([]);
  });

  it("the console shows only URLs the bridge accepts: each source's own token, or what to set", async () => {
    const admin = await AdminClient.signIn(bridge);
    const sources = (await admin.ok('GET', '/admin/api/sources')).sources as any[];
    const view = (id: string) => sources.find((s) => s.id === id);
    // Zammad relies on the shared token, which strict mode refuses: no URL, the variable to set.
    expect(view('zammad')).toMatchObject({ enabled: true, urls: [], tokenNeeded: 'RINGSIDE_WEBHOOK_TOKEN_ZAMMAD' });
    // sipgate's URL carries its own token, and that URL is accepted.
    expect(view('sipgate')).toMatchObject({ urls: [{ purpose: 'webhook', url: `${bridge.base}/pbx/sipgate/${SIPGATE_TOKEN}` }], tokenNeeded: null });
    const pasted = await post(new URL(view('sipgate').urls[0].url).pathname, form({ event: 'newCall', from: '492111234567', to: '4921199999', direction: 'in', callId: 'console-url' }), {
      'content-type': 'application/x-www-form-urlencoded',
      'x-forwarded-for': '203.0.113.9',
    });
    expect(pasted.status).toBe(200);
    // The generic webhook keeps the shared token (with the signature); streams have no URL to show.
    expect(view('generic')).toMatchObject({ urls: [{ purpose: 'webhook', url: `${bridge.base}/pbx/generic/${WEBHOOK_TOKEN}` }], tokenNeeded: null });
    expect(view('fritzbox')).toMatchObject({ urls: [], tokenNeeded: null });
    // 3CX without its own token: its lookup/journal/template URLs would all get 401.
    expect(view('3cx')).toMatchObject({ urls: [], tokenNeeded: 'RINGSIDE_WEBHOOK_TOKEN_3CX' });
  });

  it('an erased customer leaves no trace in the database files or the console', async () => {
    const NAME = 'Quxbrenntwald';
    const COMPANY = 'Zwielichtwerft Kappelmeyer GmbH';
    const NUMBER = '0221 9876543';
    await bridge.expectOk('PUT', '/api/customers/ERASE-1', {
      company: COMPANY,
      notes: 'Vertrag Nr. 774411',
      phones: [{ number: NUMBER, label: 'Zentrale' }],
      contacts: [{ firstName: 'Ottilie', lastName: NAME, email: 'ottilie@zwielicht.example', phones: [{ number: '0171 5550123' }] }],
    });
    await bridge.expectOk('POST', '/api/customers/ERASE-1/conversations', { channel: 'call', subject: 'Angebot', summary: `Rückruf an ${NAME}` });
    // A call from the customer: journaled with their name, and the console's last event shows the number.
    expect((await signedGeneric({ event: 'ringing', callId: 'erase-call', from: '+49 221 9876543', agents: ['21'] })).status).toBe(202);
    const ringing = await agent.waitFor(isCall('erase-call'));
    expect(JSON.stringify(ringing)).toContain(COMPANY);
    const admin = await AdminClient.signIn(bridge);
    const generic = async () => ((await admin.ok('GET', '/admin/api/sources')).sources as any[]).find((s) => s.id === 'generic');
    expect(JSON.stringify((await generic()).lastEvent)).toContain('9876543');

    expect((await bridge.api('DELETE', '/api/customers/ERASE-1')).status).toBe(204);

    expect(JSON.stringify(await generic())).not.toContain('9876543');
    const journal = journalFileOf(bridge.dbFile);
    for (const file of [bridge.dbFile, `${bridge.dbFile}-wal`, journal, `${journal}-wal`]) {
      let bytes: Buffer;
      try {
        bytes = readFileSync(file);
      } catch {
        continue; // no WAL file at all: nothing to read either
      }
      for (const needle of [NAME, COMPANY, 'Zwielicht', 'Kappelmeyer', '9876543', '5550123', '774411', 'ottilie@', 'ERASE-1']) {
        expect({ file, needle, found: bytes.includes(Buffer.from(needle)) }).toEqual({ file, needle, found: false });
      }
    }
  });
});
