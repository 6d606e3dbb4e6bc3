import { afterEach, describe, expect, it, vi } from 'vitest';
import { translator } from '../i18n/i18n.js';
import { AdminApiError, errorFromBody, request, setCsrf, setUnauthorizedHandler } from './api-client.js';
import { errorText, fieldCandidates } from './field-errors.js';

function answer(status: number, body: unknown): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

afterEach(() => {
  vi.unstubAllGlobals();
  setCsrf(null);
  setUnauthorizedHandler(() => {});
});

describe('api client', () => {
  it('sends the CSRF token on changes only, with the session cookie', async () => {
    const fetch = vi.fn(async () => answer(200, { ok: true }));
    vi.stubGlobal('fetch', fetch);
    setCsrf('c-1');
    await request('/settings');
    await request('/settings', { method: 'PATCH', body: { country: 'AT' } });
    const [getUrl, getInit] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    const [, patchInit] = fetch.mock.calls[1] as unknown as [string, RequestInit];
    expect(getUrl).toBe('/admin/api/settings');
    expect(getInit.credentials).toBe('same-origin');
    expect((getInit.headers as Record<string, string>)['x-ringside-csrf']).toBeUndefined();
    expect((patchInit.headers as Record<string, string>)['x-ringside-csrf']).toBe('c-1');
    expect((patchInit.headers as Record<string, string>)['Content-Type']).toBe('application/json');
    expect(patchInit.body).toBe('{"country":"AT"}');
  });

  it('uploads files as they are', async () => {
    const fetch = vi.fn(async () => answer(201, { id: 'i1' }));
    vi.stubGlobal('fetch', fetch);
    const blob = new Blob(['a;b\n1;2'], { type: 'text/csv' });
    await request('/imports', { method: 'POST', body: blob, headers: { 'Content-Type': 'application/octet-stream', 'X-File-Name': 'k%C3%BCnden.csv' } });
    const init = (fetch.mock.calls[0] as unknown as [string, RequestInit])[1];
    expect(init.body).toBe(blob);
    expect((init.headers as Record<string, string>)['Content-Type']).toBe('application/octet-stream');
  });

  it('turns error answers into typed errors that name the field', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => answer(400, { error: 'invalid', message: 'a two-letter country code such as DE', field: 'country' })));
    const err = await request('/settings', { method: 'PATCH', body: {} }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AdminApiError);
    expect(err).toMatchObject({ status: 400, code: 'invalid', field: 'country', message: 'a two-letter country code such as DE' });
  });

  it('returns to sign-in on a 401, except where 401 is the expected answer', async () => {
    const onUnauthorized = vi.fn();
    setUnauthorizedHandler(onUnauthorized);
    vi.stubGlobal('fetch', vi.fn(async () => answer(401, { error: 'unauthorized', message: 'sign in' })));
    await expect(request('/sources')).rejects.toMatchObject({ status: 401 });
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
    await expect(request('/session', { unauthorizedIsAnswer: true })).rejects.toMatchObject({ status: 401 });
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
  });

  it('reports a network failure as status 0', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))));
    await expect(request('/sources')).rejects.toMatchObject({ status: 0, code: 'network' });
  });

  it('answers 204 with nothing', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response(null, { status: 204 })));
    await expect(request('/agents/a1', { method: 'DELETE' })).resolves.toBeUndefined();
  });
});

describe('errors for people', () => {
  const t = translator('de');

  it('reads any error body, even a proxy page', () => {
    expect(errorFromBody(502, null)).toMatchObject({ status: 502, code: 'http_502', field: null });
    expect(errorFromBody(409, { error: 'conflict', message: 'set by env', field: '' })).toMatchObject({ field: null, message: 'set by env' });
  });

  it('finds the nearest marked field of a nested path', () => {
    expect(fieldCandidates('identifiers.sipgate.0')).toEqual(['identifiers.sipgate.0', 'identifiers.sipgate', 'identifiers']);
    expect(fieldCandidates('token')).toEqual(['token']);
  });

  it('says what happened in words', () => {
    expect(errorText(new AdminApiError(0, 'network', 'x'), t)).toMatch(/nicht erreichbar/);
    expect(errorText(new AdminApiError(400, 'invalid', 'use user:password', 'secrets.basicAuth'), t)).toBe('use user:password');
    expect(errorText(new AdminApiError(500, 'internal', 'boom'), t)).toBe('Fehler in der Bridge (HTTP 500): boom');
  });
});
