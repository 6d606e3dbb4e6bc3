import { describe, expect, it } from 'vitest';
import { openSqliteStore } from '../store/sqlite/index.js';
import { silentLogger } from '../util/logger.js';
import { RefusedOrigins } from './refused-origins.js';

describe('refused extension origins', () => {
  it('counts attempts, lists newest first, hides allowed ones, keeps at most 20, forgets allowed ones', async () => {
    const store = openSqliteStore(':memory:');
    let now = Date.parse('2025-06-02T08:00:00Z');
    const refused = new RefusedOrigins(store.refusedOrigins, silentLogger, () => new Date(now));
    refused.record('moz-extension://a');
    now += 1000;
    refused.record('chrome-extension://b');
    now += 1000;
    refused.record('moz-extension://a');
    expect(await refused.list([])).toEqual([
      { origin: 'moz-extension://a', lastSeen: '2025-06-02T08:00:02.000Z', attempts: 2 },
      { origin: 'chrome-extension://b', lastSeen: '2025-06-02T08:00:01.000Z', attempts: 1 },
    ]);
    expect((await refused.list(['moz-extension://a'])).map((e) => e.origin)).toEqual(['chrome-extension://b']);
    await refused.forget(['moz-extension://a']);
    expect((await store.refusedOrigins.list()).map((e) => e.origin)).toEqual(['chrome-extension://b']);
    for (let i = 0; i < 30; i++) {
      now += 1000;
      refused.record(`moz-extension://x${i}`);
    }
    expect(await refused.list([])).toHaveLength(20);
    expect((await refused.list([]))[0]!.origin).toBe('moz-extension://x29');
    // A month later nobody retried: the list is empty again.
    now += 31 * 86_400_000;
    expect(await refused.list([])).toEqual([]);
    await store.close();
  });
});
