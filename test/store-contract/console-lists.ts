import { describe, expect, it } from 'vitest';
import type { UnmappedSighting } from '../../bridge/src/store/store.js';
import type { StoreUnderTest } from './fixtures.js';

const at = (minute: number) => `2026-12-04T10:${String(minute).padStart(2, '0')}:00.000Z`;
const sighting = (identifier: string, minute: number, more: Partial<UnmappedSighting> = {}): UnmappedSighting => ({
  source: 'sipgate',
  role: 'ringing',
  identifier,
  count: 1,
  lastSeenAt: at(minute),
  alsoNamed: [],
  ...more,
});

export function consoleListCases(t: StoreUnderTest): void {
  describe('console lists: unassigned identifiers and refused origins', () => {
    it('adds up sightings per source, role and identifier, newest first, keeps what the last one named besides', async () => {
      const s = t.store();
      await s.unmapped.note([sighting('w7', 1), sighting('w7', 1, { role: 'answered' }), sighting('SIP0', 2, { source: 'fritzbox', alsoNamed: ['0211999'] })], 50);
      // A later write counts on; an out-of-order older time does not move lastSeenAt back.
      await s.unmapped.note([sighting('w7', 3, { count: 4 }), sighting('w7', 0, { role: 'answered' })], 50);
      expect(await s.unmapped.list()).toEqual([
        sighting('w7', 3, { count: 5 }),
        sighting('SIP0', 2, { source: 'fritzbox', alsoNamed: ['0211999'] }),
        sighting('w7', 1, { role: 'answered', count: 2 }),
      ]);
    });

    it('keeps at most the given number per source, dropping the oldest; other sources are untouched', async () => {
      const s = t.store();
      await s.unmapped.note([sighting('x', 0, { source: 'placetel' })], 3);
      for (let i = 1; i <= 5; i++) await s.unmapped.note([sighting(`w${i}`, i)], 3);
      const list = await s.unmapped.list();
      expect(list.filter((u) => u.source === 'sipgate').map((u) => u.identifier)).toEqual(['w5', 'w4', 'w3']);
      expect(list.filter((u) => u.source === 'placetel').map((u) => u.identifier)).toEqual(['x']);
    });

    it('forgets assigned identifiers in both roles, of that source only', async () => {
      const s = t.store();
      await s.unmapped.note([sighting('w1', 1), sighting('w1', 1, { role: 'answered' }), sighting('w2', 2), sighting('w1', 3, { source: 'placetel' })], 50);
      await s.unmapped.forget('sipgate', ['w1']);
      await s.unmapped.forget('sipgate', []);
      expect((await s.unmapped.list()).map((u) => `${u.source}/${u.identifier}`)).toEqual(['placetel/w1', 'sipgate/w2']);
    });

    it('adds up refusals per origin, newest first, keeps the newest `max`, forgets allowed ones', async () => {
      const s = t.store();
      const origin = (n: number) => `chrome-extension://${String.fromCharCode(96 + n).repeat(32)}`;
      await s.refusedOrigins.note([{ origin: origin(1), lastSeen: at(1), attempts: 2 }, { origin: origin(2), lastSeen: at(2), attempts: 1 }], 3);
      await s.refusedOrigins.note([{ origin: origin(1), lastSeen: at(3), attempts: 1 }], 3);
      expect(await s.refusedOrigins.list()).toEqual([
        { origin: origin(1), lastSeen: at(3), attempts: 3 },
        { origin: origin(2), lastSeen: at(2), attempts: 1 },
      ]);
      await s.refusedOrigins.note([3, 4, 5].map((n) => ({ origin: origin(n), lastSeen: at(n + 1), attempts: 1 })), 3);
      expect((await s.refusedOrigins.list()).map((r) => r.origin)).toEqual([origin(5), origin(4), origin(3)]);
      await s.refusedOrigins.forget([origin(4), origin(9)]);
      expect((await s.refusedOrigins.list()).map((r) => r.origin)).toEqual([origin(5), origin(3)]);
    });
  });
}
