/**
 * The extension-origin allowlist from a browser's point of view, against the real bridge:
 * CORS answers for allowed extensions (the extension has no host permission), a readable
 * refusal naming the origin for other extensions (HTTP 403 and WebSocket close 4403), nothing
 * for web pages, and the console's list of refused origins with its one-click "allow".
 */
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminClient } from './helpers/admin-client.js';
import { BridgeProcess } from './helpers/bridge-process.js';

const ALLOWED = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop';
const STRANGER = 'moz-extension://2b3c4d5e-0000-4000-8000-000000000000';

let bridge: BridgeProcess;
let token: string;

beforeAll(async () => {
  bridge = await BridgeProcess.start({ env: { RINGSIDE_EXTENSION_ORIGINS: '' } });
  token = (await bridge.createAgent('Anna', ['21'])).token;
  // Set in the console (not the environment), so "allow" can change it.
  const admin = await AdminClient.signIn(bridge);
  const res = await admin.request('PATCH', '/admin/api/settings', { extensionOrigins: [ALLOWED] });
  expect(res.status).toBe(200);
}, 60_000);

afterAll(async () => {
  await bridge?.dispose();
});

function get(path: string, origin: string | null, method = 'GET', headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${bridge.base}${path}`, { method, headers: { ...(origin && { origin }), ...headers } });
}

/** Open a socket as a browser at `origin` would and report how it ends. */
function socketOutcome(origin: string): Promise<{ opened: boolean; code: number; reason: string; httpStatus: number | null }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`${bridge.base.replace('http', 'ws')}/ws`, { origin });
    let opened = false;
    ws.on('open', () => (opened = true));
    ws.on('unexpected-response', (_req, res) => {
      resolve({ opened, code: 0, reason: '', httpStatus: res.statusCode ?? null });
      ws.terminate();
    });
    ws.on('close', (code, reason) => resolve({ opened, code, reason: reason.toString(), httpStatus: null }));
    ws.on('error', () => undefined);
  });
}

describe('extension origins', () => {
  it('answers CORS for an allowed extension: preflight and the real request', async () => {
    const preflight = await get('/api/me', ALLOWED, 'OPTIONS', { 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(preflight.headers.get('access-control-allow-headers')).toContain('authorization');
    const me = await get('/api/me', ALLOWED, 'GET', { authorization: `Bearer ${token}` });
    expect(me.status).toBe(200);
    expect(me.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(me.headers.get('vary')).toContain('Origin');
    expect(((await me.json()) as { name: string }).name).toBe('Anna');
  });

  it('tells an extension that is not on the list, by name, before looking at its token', async () => {
    const res = await get('/api/me', STRANGER, 'GET', { authorization: 'Bearer whatever' });
    expect(res.status).toBe(403);
    expect(res.headers.get('access-control-allow-origin')).toBe(STRANGER);
    expect(await res.json()).toEqual({ error: 'origin_not_allowed', message: `origin not allowed: ${STRANGER}`, origin: STRANGER });
  });

  it('gives web pages no CORS answer at all', async () => {
    const res = await get('/api/me', 'https://evil.example', 'GET', { authorization: `Bearer ${token}` });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await get('/api/me', 'https://evil.example', 'OPTIONS', { 'access-control-request-method': 'GET' });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('closes the socket of a refused extension with 4403 and a reason naming its origin', async () => {
    expect(await socketOutcome(STRANGER)).toEqual({ opened: true, code: 4403, reason: `origin not allowed: ${STRANGER}`, httpStatus: null });
    expect((await socketOutcome('https://evil.example')).httpStatus).toBe(403);
  });

  it('lists refused origins in the console; "allow" lets that browser in', async () => {
    const admin = await AdminClient.signIn(bridge);
    const view = await admin.request('GET', '/admin/api/settings');
    expect(view.body.refusedOrigins).toEqual([{ origin: STRANGER, lastSeen: expect.any(String), attempts: 2 }]);
    const allowed = await admin.request('PATCH', '/admin/api/settings', { extensionOrigins: [ALLOWED, STRANGER] });
    expect(allowed.body.refusedOrigins).toEqual([]);
    const res = await get('/api/me', STRANGER, 'GET', { authorization: `Bearer ${token}` });
    expect(res.status).toBe(200);
    const welcome = await new Promise<string>((resolve, reject) => {
      const ws = new WebSocket(`${bridge.base.replace('http', 'ws')}/ws`, { origin: STRANGER });
      ws.on('open', () => ws.send(JSON.stringify({ type: 'hello', token })));
      ws.on('message', (data) => {
        resolve((JSON.parse(data.toString()) as { type: string }).type);
        ws.close();
      });
      ws.on('close', (code) => reject(new Error(`closed ${code}`)));
    });
    expect(welcome).toBe('welcome');
  });
});
