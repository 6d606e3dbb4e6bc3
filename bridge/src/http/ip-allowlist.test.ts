import type { Request } from 'express';
import { describe, expect, it } from 'vitest';
import { AllowListEntryError, clientAddress, IpAllowlist, normalizeAddress, parseAllowList } from './ip-allowlist.js';

const LIST = '203.0.113.0/24,2001:db8::/32,198.51.100.7';

describe('IP allowlist', () => {
  const allow = new IpAllowlist({ sipgate: LIST.split(','), placetel: ['10.0.0.0/8'] });

  it.each([
    ['203.0.113.1', true],
    ['203.0.113.255', true],
    ['203.0.114.1', false],
    ['198.51.100.7', true],
    ['198.51.100.8', false],
    ['2001:db8::1', true],
    ['2001:DB8:ffff::1', true],
    ['2001:db9::1', false],
    ['::1', false],
    ['127.0.0.1', false],
    // What a dual-stack socket reports for an IPv4 peer matches the IPv4 rules.
    ['::ffff:203.0.113.9', true],
    ['::FFFF:198.51.100.7', true],
    ['::ffff:198.51.100.8', false],
    ['::ffff:cb00:7109', true],
    ['not an address', false],
    ['', false],
  ])('sipgate from %s: %s', (address, expected) => {
    expect(allow.allows('sipgate', address)).toBe(expected);
  });

  it('refuses a request whose address is unknown', () => {
    expect(allow.allows('sipgate', undefined)).toBe(false);
  });

  it('admits any address for a source without a list', () => {
    expect(allow.restricts('generic')).toBe(false);
    expect(allow.allows('generic', '192.0.2.1')).toBe(true);
    expect(allow.allows('generic', undefined)).toBe(true);
    expect(allow.restricts('placetel')).toBe(true);
    expect(allow.allows('placetel', '10.200.0.1')).toBe(true);
    expect(allow.allows('placetel', '11.0.0.1')).toBe(false);
  });

  it('accepts IPv4-mapped entries, /0 and /32 and /128', () => {
    expect(parseAllowList('::ffff:10.0.0.0/104').check('10.9.9.9')).toBe(true);
    expect(parseAllowList('::ffff:10.0.0.0/104').check('11.0.0.1')).toBe(false);
    expect(parseAllowList('0.0.0.0/0').check('8.8.8.8')).toBe(true);
    expect(parseAllowList('192.0.2.1/32').check('192.0.2.1')).toBe(true);
    expect(parseAllowList('2001:db8::1/128').check('2001:db8::1', 'ipv6')).toBe(true);
  });

  it.each(['203.0.113.0/33', '2001:db8::/129', '10.0.0.0/', '10.0.0.0/x', '300.1.1.1', 'example.com', '10.0.0.0/8/8', '1.2.3'])(
    'refuses the entry %s, naming it',
    (entry) => {
      expect(() => parseAllowList(`10.0.0.1, ${entry}`)).toThrow(AllowListEntryError);
      expect(() => parseAllowList(`10.0.0.1, ${entry}`)).toThrow(entry);
    },
  );

  it('normalizes addresses (mapped IPv4, zone index, case)', () => {
    expect(normalizeAddress('::ffff:1.2.3.4')).toEqual({ address: '1.2.3.4', family: 'ipv4' });
    expect(normalizeAddress('FE80::1%eth0')).toEqual({ address: 'fe80::1', family: 'ipv6' });
    expect(normalizeAddress('nope')).toBeNull();
  });
});

describe('client address', () => {
  const req = { ip: '10.1.2.3', socket: { remoteAddress: '127.0.0.1' } } as unknown as Request;

  it('is the TCP peer unless a proxy is trusted; req.ip only then', () => {
    expect(clientAddress(req, false)).toBe('127.0.0.1');
    expect(clientAddress(req, true)).toBe('10.1.2.3');
  });
});
