import { describe, expect, it } from 'vitest';
import type { StoreUnderTest } from './fixtures.js';

export function agentCases(t: StoreUnderTest): void {
  describe('agents', () => {
    it('creates, finds by id and token hash, lists by name', async () => {
      const s = t.store();
      const eva = await s.agents.create({ id: 'a2', name: 'Eva', email: null, extensions: ['22', '21'], identifiers: { sipgate: ['w1', 'w0'] }, tokenHash: 'h2' });
      await s.agents.create({ id: 'a1', name: 'Björn', email: 'b@example.de', extensions: [], identifiers: {}, tokenHash: 'h1' });
      await s.agents.create({ id: 'a0', name: 'Eva', email: null, extensions: [], identifiers: {}, tokenHash: 'h0' });
      expect(eva).toMatchObject({ id: 'a2', name: 'Eva', extensions: ['21', '22'], identifiers: { sipgate: ['w0', 'w1'] } });
      expect(Number.isNaN(Date.parse(eva.createdAt))).toBe(false);
      expect(await s.agents.get('a2')).toEqual(eva);
      expect(await s.agents.byTokenHash('h2')).toEqual(eva);
      expect(await s.agents.byTokenHash('nope')).toBeNull();
      expect((await s.agents.list()).map((a) => a.id)).toEqual(['a1', 'a0', 'a2']);
      await expect(s.agents.create({ id: 'a3', name: 'X', email: null, extensions: [], identifiers: {}, tokenHash: 'h2' })).rejects.toThrow();
      expect(await s.agents.get('a3')).toBeNull();
    });

    it('updates what is given, replaces identifier lists, re-pairs and deletes', async () => {
      const s = t.store();
      await s.agents.create({ id: 'a1', name: 'Eva', email: null, extensions: ['21'], identifiers: { sipgate: ['w0'], fritzbox: ['1'] }, tokenHash: 'h1' });
      expect(await s.agents.update('a1', { email: 'eva@example.de' })).toMatchObject({ name: 'Eva', email: 'eva@example.de', extensions: ['21'] });
      expect(await s.agents.update('a1', { extensions: ['23', '23'] })).toMatchObject({ extensions: ['23'], identifiers: { sipgate: ['w0'], fritzbox: ['1'] } });
      expect(await s.agents.update('a1', { identifiers: { placetel: ['p1'] }, name: 'Eva K.' })).toMatchObject({
        name: 'Eva K.',
        extensions: ['23'],
        identifiers: { placetel: ['p1'] },
      });
      expect(await s.agents.update('nope', { name: 'x' })).toBeNull();
      expect(await s.agents.setTokenHash('a1', 'h9')).toBe(true);
      expect(await s.agents.byTokenHash('h1')).toBeNull();
      expect((await s.agents.byTokenHash('h9'))?.id).toBe('a1');
      expect(await s.agents.setTokenHash('nope', 'h8')).toBe(false);
      expect(await s.agents.delete('a1')).toBe(true);
      expect(await s.agents.delete('a1')).toBe(false);
      expect(await s.agents.list()).toEqual([]);
    });
  });
}
