import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminClient } from './helpers/admin-client.js';
import { ADMIN_TOKEN, BridgeProcess, WEBHOOK_TOKEN } from './helpers/bridge-process.js';
import { startPostgres, type PostgresServer } from './helpers/postgres.js';
import { rawPost } from './helpers/raw-post.js';
import { startRedis, type RedisServer } from './helpers/redis-server.js';
import { waitFor } from './helpers/wait.js';
import { AgentClient } from './helpers/ws-client.js';

// Two real bridge processes on one PostgreSQL and one Redis (issue 13): a stranger's failed
// attempts count once for both, and the console lists of each instance are the same. Budgets
// refill so slowly (one failure per 100 s) that no refill can happen while the test runs, so
// no assertion depends on timing; client addresses come from X-Forwarded-For.

let pg: PostgresServer;
let redis: RedisServer;
let a: BridgeProcess;
let b: BridgeProcess;

const STRANGER = '198.51.100.7';
const OFFICE = '203.0.113.5';
const PBX = '192.0.2.10';

beforeAll(async () => {
  [pg, redis] = await Promise.all([startPostgres(), startRedis()]);
  const env = {
    RINGSIDE_DATABASE_URL: await pg.createDatabase(),
    RINGSIDE_DATABASE_POOL: '4',
    RINGSIDE_REDIS_URL: redis.url,
    RINGSIDE_TRUST_PROXY: 'loopback',
    // Burst 1, one more every 100 s.
    RINGSIDE_FAILED_AUTH_RATE: '0.01',
    RINGSIDE_AGENT_SEARCH_RATE: '0.01',
    RINGSIDE_AGENT_MESSAGE_RATE: '0.01',
    RINGSIDE_EXTENSION_ORIGINS: '',
  };
  a = await BridgeProcess.start({ env });
  b = await BridgeProcess.start({ env });
}, 90_000);

afterAll(async () => {
  if (process.env.SHOW_BRIDGE_LOG) for (const x of [a, b]) console.log(x?.output);
  await Promise.all([a?.dispose(), b?.dispose()]);
  await Promise.all([pg?.stop(), redis?.stop()]);
});

const webhook = (bridge: BridgeProcess, token: string, from: string, callId: string, agents: string[] = ['21']) =>
  rawPost(bridge.base, '/pbx/generic', JSON.stringify({ event: 'ringing', callId, from: '+49 30 2312574', agents }), {
    authorization: `Bearer ${token}`,
    'content-type': 'application/json',
    'x-forwarded-for': from,
  });

const me = (bridge: BridgeProcess, token: string, from: string) =>
  fetch(`${bridge.base}/api/me`, { headers: { authorization: `Bearer ${token}`, 'x-forwarded-for': from } });

/** The close code (or welcome) of one socket hello from `from`. */
function hello(bridge: BridgeProcess, token: string, from: string): Promise<{ welcome: boolean; code: number | null; reason: string }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${bridge.base.replace('http', 'ws')}/ws`, { headers: { 'x-forwarded-for': from } });
    ws.on('open', () => ws.send(JSON.stringify({ type: 'hello', token })));
    ws.on('message', (data) => {
      if ((JSON.parse(data.toString()) as { type: string }).type !== 'welcome') return;
      resolve({ welcome: true, code: null, reason: '' });
      ws.close();
    });
    ws.on('close', (code, reason) => resolve({ welcome: false, code, reason: reason.toString() }));
    ws.on('error', reject);
  });
}

describe('two instances share the budgets of failed attempts', () => {
  let agentToken: string;

  beforeAll(async () => {
    agentToken = (await a.createAgent('Ben', ['21'])).token;
  });

  it('a wrong-token flood against both instances is refused after the one shared budget; the right token from elsewhere passes', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) statuses.push((await webhook(i % 2 ? b : a, `wrong-token-${i}`, STRANGER, `flood-${i}`)).status);
    // One budget for both: exactly one wrong token is looked at, every later one is refused up front.
    expect(statuses[0]).toBe(401);
    expect(statuses.slice(1)).toEqual(Array.from({ length: 19 }, () => 429));
    const refused = await webhook(b, WEBHOOK_TOKEN, STRANGER, 'stranger-right-token');
    // Refused before the token is compared: a guess from this address can no longer succeed.
    expect(refused).toMatchObject({ status: 429, json: { error: 'too_many_failed_attempts' } });
    expect(Number(refused.retryAfter)).toBeGreaterThanOrEqual(1);
    expect(refused.json.message).toMatch(/failed attempts from this address/);

    // The phone system at its own address is untouched, at either instance.
    expect((await webhook(a, WEBHOOK_TOKEN, PBX, 'real-a')).status).toBe(202);
    expect((await webhook(b, WEBHOOK_TOKEN, PBX, 'real-b')).status).toBe(202);
  });

  it('the stranger is refused everywhere else too: agent API, socket hello, admin token and console login', async () => {
    const api = await me(b, agentToken, STRANGER);
    expect(api.status).toBe(429);
    expect(api.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await api.json()).toMatchObject({ error: 'too_many_failed_attempts' });
    expect(await hello(a, agentToken, STRANGER)).toMatchObject({ welcome: false, code: 4429, reason: expect.stringMatching(/failed attempts/) });
    const bearer = await fetch(`${a.base}/api/customers?q=x`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'x-forwarded-for': STRANGER } });
    expect(bearer.status).toBe(429);
    const login = await fetch(`${b.base}/admin/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: b.base, 'x-forwarded-for': STRANGER },
      body: JSON.stringify({ token: ADMIN_TOKEN }),
    });
    expect(login.status).toBe(429);
    expect(await login.json()).toMatchObject({ error: 'too_many_failed_attempts' });

    // The real agent in the office is never refused because of the stranger.
    expect((await me(a, agentToken, OFFICE)).status).toBe(200);
    expect((await me(b, agentToken, OFFICE)).status).toBe(200);
    expect(await hello(b, agentToken, OFFICE)).toMatchObject({ welcome: true });
  });

  it('a wrong agent token at A and a wrong hello at B spend one budget; a wrong console login at A then blocks B', async () => {
    const guesser = '198.51.100.8';
    expect((await me(a, 'wrong-agent-token-0123456789', guesser)).status).toBe(401);
    expect(await hello(b, 'wrong-agent-token-0123456789', guesser)).toMatchObject({ code: 4429 });
    expect((await me(b, agentToken, guesser)).status).toBe(429);

    const admin = '198.51.100.9';
    const signIn = (bridge: BridgeProcess, token: string) =>
      fetch(`${bridge.base}/admin/api/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: bridge.base, 'x-forwarded-for': admin },
        body: JSON.stringify({ token }),
      });
    expect((await signIn(a, 'wrong-admin-token-0123456789')).status).toBe(401);
    expect((await signIn(b, ADMIN_TOKEN)).status).toBe(429);
    const metrics = await fetch(`${b.base}/metrics`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'x-forwarded-for': admin } });
    expect(metrics.status).toBe(429);
  });
});

describe("two instances share each agent's budgets", () => {
  it('a search at A and one at B spend one REST budget; a message at A and one at B one socket budget', async () => {
    const { token } = await a.createAgent('Dora', ['23']);
    const search = (bridge: BridgeProcess) => fetch(`${bridge.base}/api/me/search?q=welter`, { headers: { authorization: `Bearer ${token}` } });
    expect((await search(a)).status).toBe(200);
    const second = await search(b);
    expect(second.status).toBe(429);
    expect(second.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await second.json()).toMatchObject({ error: 'rate_limited', field: 'q' });

    const atA = await AgentClient.connect(a.base, { token });
    atA.send({ type: 'ping', requestId: 'at-a' });
    expect(await atA.waitFor((m) => m.type === 'pong' || m.type === 'error')).toMatchObject({ type: 'pong', requestId: 'at-a' });
    const atB = await AgentClient.connect(b.base, { token });
    atB.send({ type: 'ping', requestId: 'at-b' });
    expect(await atB.waitFor((m) => m.type === 'pong' || m.type === 'error')).toMatchObject({ type: 'error', code: 'rate_limited' });
    atA.close();
    atB.close();
  });
});

describe('two instances show the same console lists', () => {
  it('an unassigned identifier seen at A is listed by B, and leaves both lists once assigned at B', async () => {
    await a.call({ event: 'ringing', callId: 'unassigned-1', from: '+49 30 2312574', agents: ['77'] });
    const adminB = await AdminClient.signIn(b);
    const generic = async (admin: AdminClient) =>
      ((await admin.ok('GET', '/admin/api/sources')) as { sources: { id: string; unmapped: { identifier: string; count: number }[] }[] }).sources.find(
        (s) => s.id === 'generic',
      )!.unmapped;
    const listed = await waitFor('77 listed at B', async () => (await generic(adminB)).find((u) => u.identifier === '77'));
    expect(listed).toMatchObject({ identifier: '77', role: 'ringing', count: 1 });

    const carla = await b.createAgent('Carla', ['22']);
    await adminB.ok('POST', '/admin/api/sources/generic/unmapped/assign', { identifier: '77', agentId: carla.id });
    const adminA = await AdminClient.signIn(a);
    expect((await generic(adminA)).map((u) => u.identifier)).not.toContain('77');
    expect((await generic(adminB)).map((u) => u.identifier)).not.toContain('77');
  });

  it('a browser refused at A is listed by B; "allow" at B clears it for A too', async () => {
    const origin = 'moz-extension://3c4d5e6f-0000-4000-8000-000000000000';
    const allowed = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop';
    // The allowlist is set at A (settings are read at start, so B does not refuse anyone yet).
    await (await AdminClient.signIn(a)).ok('PATCH', '/admin/api/settings', { extensionOrigins: [allowed] });
    const refused = await fetch(`${a.base}/api/me`, { headers: { origin, authorization: 'Bearer whatever-token-0123456789' } });
    expect(refused.status).toBe(403);
    const adminB = await AdminClient.signIn(b);
    const listed = await waitFor('origin listed at B', async () =>
      ((await adminB.ok('GET', '/admin/api/settings')) as { refusedOrigins: { origin: string }[] }).refusedOrigins.find((r) => r.origin === origin),
    );
    expect(listed).toMatchObject({ origin, attempts: 1 });
    await adminB.ok('PATCH', '/admin/api/settings', { extensionOrigins: [allowed, origin] });
    const adminA = await AdminClient.signIn(a);
    expect(((await adminA.ok('GET', '/admin/api/settings')) as { refusedOrigins: unknown[] }).refusedOrigins).toEqual([]);
  });

  it('the lists survive a restart of both instances', async () => {
    await b.call({ event: 'ringing', callId: 'unassigned-2', from: '+49 30 2312574', agents: ['88'] });
    const adminB = await AdminClient.signIn(b);
    const has88 = async (admin: AdminClient) =>
      ((await admin.ok('GET', '/admin/api/sources')) as { sources: { id: string; unmapped: { identifier: string }[] }[] }).sources
        .find((s) => s.id === 'generic')!
        .unmapped.some((u) => u.identifier === '88');
    await waitFor('88 listed', () => has88(adminB));
    await a.stop();
    await b.restart();
    await a.spawn();
    expect(await has88(await AdminClient.signIn(a))).toBe(true);
  });
});
