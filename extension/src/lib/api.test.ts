import { describe, expect, it } from 'vitest';
import { BridgeApi } from './api.js';

function fakeFetch(status: number, body: unknown, contentType = 'application/json') {
  const calls: Array<{ url: string; init: RequestInit | undefined }> = [];
  const impl = async (url: string, init?: RequestInit) => {
    calls.push({ url, init });
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    return new Response(status === 204 ? null : text, { status, headers: { 'content-type': contentType } });
  };
  return { impl, calls };
}

describe('agent API client', () => {
  it('sends the token and returns the agent', async () => {
    const { impl, calls } = fakeFetch(200, { id: 'a1', name: 'Ben', extensions: ['21'] });
    const result = await new BridgeApi('http://b:7070', 'tok', impl).me();
    expect(result).toEqual({ ok: true, value: { id: 'a1', name: 'Ben', extensions: ['21'] } });
    expect(calls[0]?.url).toBe('http://b:7070/api/me');
    expect((calls[0]?.init?.headers as Record<string, string>).authorization).toBe('Bearer tok');
  });

  it.each([
    ['token rejected', 401, { error: 'unauthorized' }, 'application/json', { kind: 'unauthorized' }],
    ['another web server', 404, '<html>Not Found</html>', 'text/html', { kind: 'notBridge', status: 404 }],
    ['an HTML 200 from a router page', 200, '<html>Hello</html>', 'text/html', { kind: 'notBridge', status: 200 }],
    ['JSON without a name', 200, { hello: 'world' }, 'application/json', { kind: 'notBridge', status: 200 }],
    ['a bridge failure', 500, { error: 'boom' }, 'application/json', { kind: 'server', status: 500 }],
    ['a refused browser', 403, { error: 'origin_not_allowed', message: 'origin not allowed', origin: 'moz-extension://2b3c' }, 'application/json', { kind: 'originRefused', origin: 'moz-extension://2b3c' }],
  ])('classifies %s', async (_name, status, body, type, error) => {
    const { impl } = fakeFetch(status, body, type);
    expect(await new BridgeApi('http://b', 't', impl).me()).toEqual({ ok: false, error });
  });

  it.each([
    [201, true],
    [200, false],
  ])('attaching a number answered %i: added %s', async (status, added) => {
    const card = { customerNo: 'K-1', company: 'Welter', phones: [], contacts: [] };
    const { impl, calls } = fakeFetch(status, card);
    const result = await new BridgeApi('http://b', 't', impl).attachPhone('K 1', { number: '0170 1234567', label: null, main: false });
    expect(result).toEqual({ ok: true, value: { card, added } });
    expect(calls[0]?.url).toBe('http://b/api/me/customers/K%201/phones');
  });

  it('reports an unreachable bridge as a value', async () => {
    const api = new BridgeApi('http://b', 't', async () => {
      throw new TypeError('Failed to fetch');
    });
    expect(await api.me()).toEqual({ ok: false, error: { kind: 'unreachable' } });
  });

  it('gives up after the time it was given, as a value', async () => {
    // A bridge address that swallows packets: fetch would hang for minutes.
    const hanging = (_url: string, init?: RequestInit) =>
      new Promise<Response>((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))));
    expect(await new BridgeApi('http://b', 't', hanging).me(20)).toEqual({ ok: false, error: { kind: 'timeout' } });
  });

  it('names the offending field of a 400', async () => {
    const { impl, calls } = fakeFetch(400, { error: { code: 'invalid', field: 'customer.company', message: 'a customer needs a company' } });
    const result = await new BridgeApi('http://b', 't', impl).createCustomer({ customer: { company: null, notes: null, customerSince: null, phones: [], contacts: [] } });
    expect(result).toEqual({ ok: false, error: { kind: 'invalid', field: 'customer.company', message: 'a customer needs a company' } });
    expect(calls[0]?.init?.method).toBe('POST');
  });

  it('encodes path and query parts', async () => {
    const { impl, calls } = fakeFetch(200, { results: [] });
    await new BridgeApi('http://b', 't', impl).search('Müller & Söhne');
    expect(calls[0]?.url).toBe('http://b/api/me/search?q=M%C3%BCller%20%26%20S%C3%B6hne');
  });
});
