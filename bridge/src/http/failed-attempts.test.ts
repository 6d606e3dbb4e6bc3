import { describe, expect, it } from 'vitest';
import { MemoryCoordination } from '../cluster/memory.js';
import { addressKey, createFailedAttempts } from './failed-attempts.js';

describe('failed attempts per client address', () => {
  it('refuses an address once its failures used the budget, before any check; others pass', async () => {
    const shared = new MemoryCoordination(() => 0);
    const failures = createFailedAttempts({ shared, limit: { perSecond: 1, burst: 3 }, now: () => 0 });
    for (let i = 0; i < 3; i++) {
      expect(await failures.refused('198.51.100.7')).toBe(0);
      await failures.failed('198.51.100.7');
    }
    expect(await failures.refused('198.51.100.7')).toBe(1);
    expect(await failures.refused('::ffff:198.51.100.7')).toBe(1);
    expect(await failures.refused('203.0.113.5')).toBe(0);
  });

  it('sees failures counted by another instance (the shared buckets)', async () => {
    const shared = new MemoryCoordination(() => 0);
    const a = createFailedAttempts({ shared, limit: { perSecond: 1, burst: 2 }, now: () => 0 });
    const b = createFailedAttempts({ shared, limit: { perSecond: 1, burst: 2 }, now: () => 0 });
    await a.failed('198.51.100.7');
    await a.failed('198.51.100.7');
    expect(await b.refused('198.51.100.7')).toBe(1);
  });

  it('keys IPv4 by address and IPv6 by its /64, whatever the spelling', () => {
    expect(addressKey('198.51.100.7')).toBe('198.51.100.7');
    expect(addressKey('::ffff:198.51.100.7')).toBe('198.51.100.7');
    expect(addressKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:0DB8:0001:0002:ffff:ffff:ffff:ffff')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
    expect(addressKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(addressKey(undefined)).toBe('unknown');
    expect(addressKey('not an address')).toBe('unknown');
  });

  it('a rate of 0 never refuses', async () => {
    const failures = createFailedAttempts({ shared: new MemoryCoordination(), limit: { perSecond: 0, burst: 0 } });
    for (let i = 0; i < 50; i++) await failures.failed('198.51.100.7');
    expect(await failures.refused('198.51.100.7')).toBe(0);
  });
});
