import { describe, expect, it } from 'vitest';
import { pairingInfo } from './agents.js';

// The pairing link the console shows once: the extension's options page reads its fragment.

/** What the options page does with the fragment. */
const readFragment = (fragment: string) => new URLSearchParams(fragment.replace(/^#/, ''));

describe('pairingInfo', () => {
  it('puts the bridge URL and the token into the fragment, both readable back unchanged', () => {
    const url = 'https://ringside.example.de:8443/base?x=1&y=2';
    const token = 'tok+en/with=odd&chars#and space';
    const { fragment } = pairingInfo(url, token, []);
    expect(fragment.startsWith('#')).toBe(true);
    // Encoded: no second "#", "&" or "=" of the values can split the fragment.
    expect(fragment.slice(1)).not.toContain('#');
    expect(fragment.split('&')).toHaveLength(2);
    const params = readFragment(fragment);
    expect(params.get('bridge')).toBe(url);
    expect(params.get('token')).toBe(token);
    expect([...params.keys()]).toEqual(['bridge', 'token']);
  });

  it('builds one options-page link per configured extension origin', () => {
    const origins = ['chrome-extension://abcdefghijklmnop', 'moz-extension://1234-5678'];
    const info = pairingInfo('http://127.0.0.1:7070', 'abc123', origins);
    expect(info.links).toEqual([
      `chrome-extension://abcdefghijklmnop/options.html${info.fragment}`,
      `moz-extension://1234-5678/options.html${info.fragment}`,
    ]);
    for (const link of info.links) {
      const params = readFragment(new URL(link).hash);
      expect(params.get('bridge')).toBe('http://127.0.0.1:7070');
      expect(params.get('token')).toBe('abc123');
    }
  });

  it('has no links when no extension origin is configured, but still the fragment to paste', () => {
    const info = pairingInfo('http://127.0.0.1:7070', 'abc123', []);
    expect(info.links).toEqual([]);
    expect(info.fragment).toBe('#bridge=http%3A%2F%2F127.0.0.1%3A7070&token=abc123');
  });
});
