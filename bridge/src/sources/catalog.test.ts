import { describe, expect, it } from 'vitest';
import { SOURCES, sourceDescriptor, sourceOfPath } from './catalog.js';

// Which source a request belongs to (for the on/off switch and its status), and the URLs to paste.

describe('sourceOfPath', () => {
  it.each([
    ['/pbx/generic', 'generic'],
    ['/pbx/generic/', 'generic'],
    ['/pbx/generic/TOKEN', 'generic'],
    ['/pbx/3cx/lookup', '3cx'],
    ['/pbx/3cx/template.xml', '3cx'],
    ['/api/v1/cti/TOKEN', 'zammad'],
    ['/pbx/SIPGATE/x', 'sipgate'],
    ['/pbx/Placetel', 'placetel'],
    ['/pbx/twilio/tok%2Fen', 'twilio'],
    ['/pbx/%73ipgate/x', 'sipgate'],
  ])('%s belongs to %s', (path, source) => {
    expect(sourceOfPath(path)).toBe(source);
  });

  it.each([
    ['/pbx/unknown/x'],
    ['/pbx/'],
    ['/pbx'],
    ['/api/customers'],
    ['/api/v1/cti'],
    ['/admin/api/sources'],
    ['/pbxgeneric'],
    ['/x/pbx/generic'],
    ['/pbx/toString/x'],
    ['/pbx/__proto__/x'],
  ])('%s belongs to no source', (path) => {
    expect(sourceOfPath(path)).toBeNull();
  });

  it('does not throw on a malformed percent escape (it runs in front of every phone-system route)', () => {
    expect(() => sourceOfPath('/pbx/%E0%A4%A/x')).not.toThrow();
    expect(sourceOfPath('/pbx/%E0%A4%A/x')).toBeNull();
    expect(sourceOfPath('/pbx/%/x')).toBeNull();
  });
});

describe('source URLs', () => {
  const base = 'https://ringside.example.de';
  const token = 'a/b?c&d=e#f g+h%';
  const encoded = encodeURIComponent(token);

  it('puts the token into every webhook URL encoded, so it reaches the bridge unchanged', () => {
    for (const id of ['generic', 'sipgate', 'placetel', 'twilio']) {
      const urls = sourceDescriptor(id)!.urls(base, token);
      expect(urls).toEqual([{ purpose: 'webhook', url: `${base}/pbx/${id}/${encoded}` }]);
      const url = new URL(urls[0]!.url);
      expect(url.search).toBe('');
      expect(url.hash).toBe('');
      expect(decodeURIComponent(url.pathname.split('/').pop()!)).toBe(token);
      // The gate finds the source again from the URL it gave out.
      expect(sourceOfPath(url.pathname)).toBe(id);
    }
    const zammad = new URL(sourceDescriptor('zammad')!.urls(base, token)[0]!.url);
    expect(zammad.pathname).toBe(`/api/v1/cti/${encoded}`);
    expect(sourceOfPath(zammad.pathname)).toBe('zammad');
  });

  it('gives 3CX its template, lookup and journal URLs with the token as a query parameter', () => {
    const urls = sourceDescriptor('3cx')!.urls(base, token);
    expect(urls.map((u) => u.purpose)).toEqual(['template', 'lookup', 'journal']);
    for (const u of urls) {
      const url = new URL(u.url);
      expect(url.searchParams.get('token')).toBe(token);
      expect(url.hash).toBe('');
      expect(sourceOfPath(url.pathname)).toBe('3cx');
    }
    // The lookup URL ends in "number=" for 3CX to append the caller's number.
    expect(urls[1]!.url.endsWith('&number=')).toBe(true);
  });

  it('has no URLs for streams, and a unique id for every source', () => {
    expect(sourceDescriptor('fritzbox')!.urls(base, token)).toEqual([]);
    expect(sourceDescriptor('asterisk')!.urls(base, token)).toEqual([]);
    expect(new Set(SOURCES.map((s) => s.id)).size).toBe(SOURCES.length);
    expect(sourceDescriptor('nope')).toBeUndefined();
  });
});
