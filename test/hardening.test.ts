import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallMessage, ServerMessage } from '@ringside/shared';
import { signStandardWebhook } from '../bridge/src/pbx/standard-webhooks.js';
import { ADMIN_TOKEN, BridgeProcess, WEBHOOK_TOKEN } from './helpers/bridge-process.js';
import { rawPost } from './helpers/raw-post.js';
import { AgentClient } from './helpers/ws-client.js';

// The phone-system entry points' protection through the real bridge process: per-source rate
// limits, per-source IP allowlists and Standard Webhooks signatures on the generic webhook.

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

const isCall = (callId: string) => (m: ServerMessage): m is CallMessage => m.type === 'call' && m.call.callId === callId;

function form(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}

describe('phone-system entry points: rate limits, allowlists, signatures', () => {
  let bridge: BridgeProcess;
  let agent: { token: string };
  let agentWs: AgentClient;
  let seq = 0;

  beforeAll(async () => {
    bridge = await BridgeProcess.start({
      env: {
        RINGSIDE_RATE_LIMIT_SIPGATE: '5',
        RINGSIDE_ALLOW_IPS_PLACETEL: '10.0.0.0/8',
        RINGSIDE_ALLOW_IPS_ZAMMAD: '10.0.0.0/8, 127.0.0.1, ::1',
        RINGSIDE_GENERIC_SIGNING_SECRET: SECRET,
        // With the signing secret set, the shared token opens only the generic webhook: these
        // sources keep it by naming it as their own token (README, Security).
        RINGSIDE_WEBHOOK_TOKEN_SIPGATE: WEBHOOK_TOKEN,
        RINGSIDE_WEBHOOK_TOKEN_ZAMMAD: WEBHOOK_TOKEN,
      },
    });
    agent = await bridge.createAgent('Ben', ['21']);
    agentWs = await AgentClient.connect(bridge.base, { token: agent.token });
  });

  afterAll(async () => {
    agentWs?.close();
    await bridge?.dispose();
  });

  /** A generic webhook signed as a Standard Webhooks sender would, with parts to spoil. */
  function signed(body: Record<string, unknown>, over: { id?: string; timestamp?: number; signature?: string; path?: string } = {}) {
    const text = JSON.stringify(body);
    const id = over.id ?? `msg_${process.pid}_${++seq}`;
    const timestamp = over.timestamp ?? Math.floor(Date.now() / 1000);
    const headers = {
      authorization: `Bearer ${WEBHOOK_TOKEN}`,
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': over.signature ?? signStandardWebhook(SECRET, id, timestamp, text),
    };
    return { id, timestamp, send: () => post(over.path ?? '/pbx/generic', text, headers) };
  }

  const post = (path: string, body: string, headers: Record<string, string>) => rawPost(bridge.base, path, body, headers);

  async function journaledCallIds(): Promise<string[]> {
    const res = await bridge.api('GET', '/api/me/calls?scope=today', undefined, agent.token);
    expect(res.status).toBe(200);
    return (res.body.calls as { callId: string }[]).map((c) => c.callId);
  }

  const ringing = (callId: string) => ({ event: 'ringing', callId, from: '+49 30 2312574', agents: ['21'] });

  it('rate limit: the limited source gets 429 while another source answers 202 at the same moment', async () => {
    const sipgate = (i: number) =>
      post(`/pbx/sipgate/${WEBHOOK_TOKEN}`, form({ event: 'newCall', from: '492111234567', to: '4921199999', direction: 'in', callId: `rl-${i}` }), {
        'content-type': 'application/x-www-form-urlencoded',
      });
    // Burst 10 at 5/s: 40 requests at once exceed it unless the machine is very slow; then try again.
    let round = 0;
    let limited: Awaited<ReturnType<typeof sipgate>> | undefined;
    let other: { status: number } | undefined;
    let callIdsAccepted = 0;
    while (!limited && round++ < 10) {
      const generic = signed(ringing(`rl-generic-${round}`));
      const [otherRes, ...results] = await Promise.all([generic.send(), ...Array.from({ length: 40 }, (_, i) => sipgate(round * 100 + i))]);
      limited = results.find((r) => r.status === 429);
      callIdsAccepted += results.filter((r) => r.status === 200).length;
      other = otherRes;
      expect(results.every((r) => r.status === 200 || r.status === 429)).toBe(true);
    }
    expect(limited).toBeDefined();
    expect(callIdsAccepted).toBeGreaterThan(0);
    expect(limited!.json).toMatchObject({ error: 'rate_limited', field: 'source' });
    expect(typeof limited!.json.message).toBe('string');
    expect(Number(limited!.retryAfter)).toBeGreaterThanOrEqual(1);
    expect(other!.status).toBe(202);
    // The limit is counted in the metrics by source and status.
    const metrics = await fetch(`${bridge.base}/metrics`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } }).then((r) => r.text());
    expect(metrics).toMatch(/ringside_webhook_requests_total\{source="sipgate",status="429"\} [1-9]/);
  });

  it('allowlist: 403 from 127.0.0.1 when the list is 10.0.0.0/8, before the token is looked at', async () => {
    const body = form({ event: 'IncomingCall', from: '01701234567', to: '0211999', call_id: 'ip-1', direction: 'in' });
    const headers = { 'content-type': 'application/x-www-form-urlencoded' };
    const refused = await post(`/pbx/placetel/${WEBHOOK_TOKEN}`, body, headers);
    expect(refused.status).toBe(403);
    expect(refused.json).toEqual({ error: 'forbidden', message: 'address not allowed for source placetel', field: 'source' });
    expect((await post('/pbx/placetel/wrong-token', body, headers)).status).toBe(403);
    // A spoofed X-Forwarded-For changes nothing without RINGSIDE_TRUST_PROXY.
    expect((await post(`/pbx/placetel/${WEBHOOK_TOKEN}`, body, { ...headers, 'x-forwarded-for': '10.1.2.3' })).status).toBe(403);
    expect(await journaledCallIds()).not.toContain('ip-1');
  });

  it('allowlist: accepted when the list includes 127.0.0.1; other sources are not restricted', async () => {
    const body = JSON.stringify({ event: 'newCall', from: '491701234567', to: '49211999', direction: 'in', callId: 'ip-2', user: ['Ben'] });
    const res = await post(`/api/v1/cti/${WEBHOOK_TOKEN}`, body, { 'content-type': 'application/json' });
    expect(res.status).toBe(200);
    expect((await post('/api/v1/cti/wrong-token', body, { 'content-type': 'application/json' })).status).toBe(401);
    expect((await signed(ringing('ip-3')).send()).status).toBe(202);
  });

  it('Standard Webhooks: a valid signature is accepted and the call pops', async () => {
    const res = await signed(ringing('sw-ok')).send();
    expect(res).toMatchObject({ status: 202, json: { callId: 'sw-ok' } });
    await agentWs.waitFor(isCall('sw-ok'));
    // The token-in-path form of the generic webhook needs the signature just the same.
    expect((await signed(ringing('sw-ok-path'), { path: `/pbx/generic/${WEBHOOK_TOKEN}` }).send()).status).toBe(202);
  });

  it('Standard Webhooks: wrong, missing, old and future signatures and replayed ids are 401 naming the header; nothing is journaled', async () => {
    const wrong = await signed(ringing('sw-wrong'), { signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=' }).send();
    expect(wrong).toMatchObject({ status: 401, json: { error: 'unauthorized', field: 'webhook-signature' } });
    expect(wrong.json.message).toContain('webhook-signature');

    const now = Math.floor(Date.now() / 1000);
    const old = await signed(ringing('sw-old'), { timestamp: now - 600 }).send();
    expect(old).toMatchObject({ status: 401, json: { field: 'webhook-timestamp' } });
    expect(old.json.message).toContain('webhook-timestamp');
    expect((await signed(ringing('sw-future'), { timestamp: now + 600 }).send()).json).toMatchObject({ field: 'webhook-timestamp' });

    const unsigned = await post('/pbx/generic', JSON.stringify(ringing('sw-unsigned')), {
      authorization: `Bearer ${WEBHOOK_TOKEN}`,
      'content-type': 'application/json',
    });
    expect(unsigned).toMatchObject({ status: 401, json: { field: 'webhook-id' } });
    expect(unsigned.json.message).toContain('webhook-id');

    // The same delivery twice: the second is a replay. So is a new body under a used id.
    const first = signed(ringing('sw-replay'));
    expect((await first.send()).status).toBe(202);
    const replayed = await first.send();
    expect(replayed).toMatchObject({ status: 401, json: { field: 'webhook-id' } });
    expect(replayed.json.message).toContain('webhook-id');
    expect((await signed(ringing('sw-replay-2'), { id: first.id }).send()).status).toBe(401);

    // A token is still required: a signature alone is not enough.
    const text = JSON.stringify(ringing('sw-no-token'));
    const t = Math.floor(Date.now() / 1000);
    const noToken = await post('/pbx/generic', text, {
      'content-type': 'application/json',
      'webhook-id': 'msg_no_token',
      'webhook-timestamp': String(t),
      'webhook-signature': signStandardWebhook(SECRET, 'msg_no_token', t, text),
    });
    expect(noToken.status).toBe(401);

    const ids = await journaledCallIds();
    expect(ids).toContain('sw-replay');
    for (const refused of ['sw-wrong', 'sw-old', 'sw-future', 'sw-unsigned', 'sw-replay-2', 'sw-no-token']) expect(ids).not.toContain(refused);
    expect(agentWs.calls().map((m) => m.call.callId)).not.toContain('sw-wrong');
  });

  it('Standard Webhooks: a delivery that failed (400) can be retried under the same id', async () => {
    const bad = signed({ event: 'ringing' });
    expect((await bad.send()).status).toBe(400);
    expect((await signed(ringing('sw-retry'), { id: bad.id }).send()).status).toBe(202);
  });
});
