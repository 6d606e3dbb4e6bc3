import type { Request, Response } from 'express';
import { describe, expect, it } from 'vitest';
import { readCookie, sameOriginOnly } from './admin-session.js';
import { HttpError } from './errors.js';

// The console's session cookie and its cross-site guard, without a server.

describe('readCookie', () => {
  it('finds one cookie among several, spaces or not', () => {
    expect(readCookie('a=1; ringside_admin=abc; b=2', 'ringside_admin')).toBe('abc');
    expect(readCookie('a=1;ringside_admin=abc;b=2', 'ringside_admin')).toBe('abc');
    expect(readCookie('  ringside_admin  =  abc  ', 'ringside_admin')).toBe('abc');
    expect(readCookie('ringside_admin=abc', 'ringside_admin')).toBe('abc');
  });

  it('keeps "=" inside the value', () => {
    expect(readCookie('x=1; ringside_admin=ab=c==', 'ringside_admin')).toBe('ab=c==');
  });

  it('is null when the header or the cookie is missing', () => {
    expect(readCookie(undefined, 'ringside_admin')).toBeNull();
    expect(readCookie('', 'ringside_admin')).toBeNull();
    expect(readCookie('a=1; b=2', 'ringside_admin')).toBeNull();
    expect(readCookie('ringside_admin', 'ringside_admin')).toBeNull();
    expect(readCookie('=abc', 'ringside_admin')).toBeNull();
  });

  it('is null for an empty value (the cookie cleared on sign-out)', () => {
    expect(readCookie('ringside_admin=', 'ringside_admin')).toBeNull();
    expect(readCookie('ringside_admin=   ; other=1', 'ringside_admin')).toBeNull();
  });

  it('does not take a cookie whose name merely starts or ends like it', () => {
    expect(readCookie('ringside_admin2=evil', 'ringside_admin')).toBeNull();
    expect(readCookie('xringside_admin=evil', 'ringside_admin')).toBeNull();
    expect(readCookie('ringside_admin2=evil; ringside_admin=good', 'ringside_admin')).toBe('good');
    expect(readCookie('other=ringside_admin=evil', 'ringside_admin')).toBeNull();
  });

  it('takes the first of two cookies of the same name (the one with the longer path, as browsers send it)', () => {
    expect(readCookie('ringside_admin=first; ringside_admin=second', 'ringside_admin')).toBe('first');
  });
});

describe('sameOriginOnly', () => {
  const PUBLIC = 'https://ringside.example.de/';

  function fakeReq(headers: Record<string, string>, host = 'localhost:7070', protocol = 'http'): Request {
    return { headers, protocol, get: (name: string) => (name.toLowerCase() === 'host' ? host : undefined) } as unknown as Request;
  }

  /** What the middleware passes to next(): undefined to go on, or the error. */
  function run(req: Request, publicUrl = PUBLIC): unknown {
    let result: unknown = 'next not called';
    sameOriginOnly(() => publicUrl)(req, {} as Response, (err?: unknown) => {
      result = err;
    });
    return result;
  }

  function refused(req: Request, publicUrl?: string): HttpError {
    const err = run(req, publicUrl);
    expect(err).toBeInstanceOf(HttpError);
    expect((err as HttpError).status).toBe(403);
    expect((err as HttpError).field).toBe('origin');
    return err as HttpError;
  }

  it('lets the console own pages and typed-in addresses through', () => {
    expect(run(fakeReq({ 'sec-fetch-site': 'same-origin' }))).toBeUndefined();
    expect(run(fakeReq({ 'sec-fetch-site': 'none' }))).toBeUndefined();
  });

  it('refuses a request another site started, sibling sites on the same domain included', () => {
    refused(fakeReq({ 'sec-fetch-site': 'cross-site' }));
    refused(fakeReq({ 'sec-fetch-site': 'same-site' }));
  });

  it('lets through a request without any browser headers (curl, old browsers)', () => {
    expect(run(fakeReq({}))).toBeUndefined();
  });

  it('accepts an Origin equal to the host the request came in on', () => {
    expect(run(fakeReq({ origin: 'http://localhost:7070' }))).toBeUndefined();
    expect(run(fakeReq({ origin: 'https://10.0.0.5:8443' }, '10.0.0.5:8443', 'https'))).toBeUndefined();
  });

  it('accepts an Origin equal to the public URL (behind a reverse proxy)', () => {
    expect(run(fakeReq({ origin: 'https://ringside.example.de', 'sec-fetch-site': 'same-origin' }, '127.0.0.1:7070'))).toBeUndefined();
    // The public URL's path does not matter, only its origin.
    expect(run(fakeReq({ origin: 'https://ringside.example.de' }, '127.0.0.1:7070'), 'https://ringside.example.de/ringside')).toBeUndefined();
  });

  it('refuses any other Origin', () => {
    refused(fakeReq({ origin: 'https://evil.example' }));
    // Same host, other scheme or port: another origin.
    refused(fakeReq({ origin: 'https://localhost:7070' }));
    refused(fakeReq({ origin: 'http://localhost:7071' }));
    refused(fakeReq({ origin: 'http://ringside.example.de' }, '127.0.0.1:7070'));
    // A look-alike that only starts with the bridge's origin.
    refused(fakeReq({ origin: 'https://ringside.example.de.evil.example' }, '127.0.0.1:7070'));
    // Sandboxed frames and some redirects send "null".
    refused(fakeReq({ origin: 'null' }));
  });

  it('refuses a foreign Origin even when Sec-Fetch-Site claims same-origin', () => {
    refused(fakeReq({ 'sec-fetch-site': 'same-origin', origin: 'https://evil.example' }));
  });

  it('reads the public URL on every request, so a changed setting applies at once', () => {
    let publicUrl = 'https://old.example.de';
    const guard = sameOriginOnly(() => publicUrl);
    const outcome = () => {
      let result: unknown = 'next not called';
      guard(fakeReq({ origin: 'https://new.example.de' }, '127.0.0.1:7070'), {} as Response, (err?: unknown) => {
        result = err;
      });
      return result;
    };
    expect(outcome()).toBeInstanceOf(HttpError);
    publicUrl = 'https://new.example.de';
    expect(outcome()).toBeUndefined();
  });
});
