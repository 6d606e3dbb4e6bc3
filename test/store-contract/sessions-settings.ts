import { describe, expect, it } from 'vitest';
import type { StoreUnderTest } from './fixtures.js';

export function sessionAndSettingCases(t: StoreUnderTest): void {
  describe('admin sessions and settings', () => {
    it('keeps a session until it expires or is deleted', async () => {
      const s = t.store();
      const session = { idHash: 'x1', csrf: 'c1', createdAt: '2026-01-01T00:00:00.000Z', expiresAt: '2026-01-01T12:00:00.000Z' };
      await s.sessions.create(session);
      await s.sessions.create({ ...session, idHash: 'x2', expiresAt: '2026-01-02T12:00:00.000Z' });
      expect(await s.sessions.get('x1', '2026-01-01T11:59:59.999Z')).toEqual(session);
      expect(await s.sessions.get('x1', '2026-01-01T12:00:00.000Z')).toBeNull();
      expect(await s.sessions.purgeExpired('2026-01-01T12:00:00.000Z')).toBe(1);
      await s.sessions.delete('x2');
      expect(await s.sessions.get('x2', '2026-01-01T00:00:00.000Z')).toBeNull();
      await expect(s.sessions.create({ ...session, idHash: 'x3' }).then(() => s.sessions.create({ ...session, idHash: 'x3' }))).rejects.toThrow();
    });

    it('stores settings, the last write wins; answers a ping', async () => {
      const s = t.store();
      expect(await s.settings.get('country')).toBeNull();
      await s.settings.set('country', 'DE');
      await s.settings.set('country', 'AT');
      await s.settings.set('blocklist', '');
      expect(await s.settings.get('country')).toBe('AT');
      expect(await s.settings.get('blocklist')).toBe('');
      await s.settings.delete('country');
      await s.settings.delete('never-set');
      expect(await s.settings.get('country')).toBeNull();
      expect(await s.settings.get('blocklist')).toBe('');
      await expect(s.ping()).resolves.toBeUndefined();
    });
  });
}
