import { describe, expect, it } from 'vitest';
import { normalizeBridgeUrl, parsePairingLink, webSocketUrl } from './bridge-url.js';

describe('bridge URL', () => {
  it.each([
    ['http://192.168.1.10:7070', 'http://192.168.1.10:7070'],
    ['  http://192.168.1.10:7070/  ', 'http://192.168.1.10:7070'],
    ['192.168.1.10:7070', 'http://192.168.1.10:7070'],
    ['https://ringside.firma.de/ws', 'https://ringside.firma.de'],
    ['https://ringside.firma.de/healthz', 'https://ringside.firma.de'],
    ['wss://ringside.firma.de/ws', 'https://ringside.firma.de'],
    ['https://firma.de/ringside/', 'https://firma.de/ringside'],
    ['HTTP://Bridge.Local:7070', 'http://bridge.local:7070'],
  ])('%s -> %s', (input, expected) => {
    expect(normalizeBridgeUrl(input)).toEqual({ ok: true, url: expected });
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['ftp://files', 'scheme'],
    ['http://', 'invalid'],
  ])('rejects %j (%s)', (input, reason) => {
    expect(normalizeBridgeUrl(input)).toEqual({ ok: false, reason });
  });

  it('derives the WebSocket URL from the transport', () => {
    expect(webSocketUrl('http://127.0.0.1:7070')).toBe('ws://127.0.0.1:7070/ws');
    expect(webSocketUrl('https://firma.de/ringside')).toBe('wss://firma.de/ringside/ws');
  });
});

describe('pairing link', () => {
  it('reads bridge and token from the fragment', () => {
    expect(parsePairingLink('#bridge=http%3A%2F%2F10.0.0.5%3A7070%2F&token=rs_abc')).toEqual({ bridgeUrl: 'http://10.0.0.5:7070', agentToken: 'rs_abc' });
    expect(parsePairingLink('bridge=http://10.0.0.5:7070&token=rs_abc')).toEqual({ bridgeUrl: 'http://10.0.0.5:7070', agentToken: 'rs_abc' });
  });

  it('ignores incomplete or broken links', () => {
    expect(parsePairingLink('')).toBeNull();
    expect(parsePairingLink('#bridge=http://x')).toBeNull();
    // The whole link, pasted into the token field.
    expect(parsePairingLink(' chrome-extension://abc/options.html#bridge=http%3A%2F%2F10.0.0.5%3A7070&token=rs_abc ')).toEqual({
      bridgeUrl: 'http://10.0.0.5:7070',
      agentToken: 'rs_abc',
    });
    expect(parsePairingLink('rs_plain_token_without_link')).toBeNull();
    expect(parsePairingLink('#token=abc')).toBeNull();
    expect(parsePairingLink('#bridge=ftp://x&token=abc')).toBeNull();
  });
});
