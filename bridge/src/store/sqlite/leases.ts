import type { LeaseRepo } from '../store.js';
import type { Db } from './database.js';

/**
 * Leases in the SQLite file: every process that opens it (the bridge, `npm run sync`) sees
 * them. Expiry is in ms since the epoch by this machine's clock, the only one the file has.
 */
export function sqliteLeaseRepo(db: Db, now: () => number = Date.now): LeaseRepo {
  const q = {
    // One statement: SQLite takes the write lock for it, so two processes cannot both win.
    acquire: db.prepare(`INSERT INTO leases (name, holder, expires_at) VALUES (?, ?, ?)
      ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
      WHERE leases.holder = excluded.holder OR leases.expires_at <= ?`),
    renew: db.prepare(`UPDATE leases SET expires_at = ? WHERE name = ? AND holder = ?`),
    release: db.prepare(`DELETE FROM leases WHERE name = ? AND holder = ?`),
    holder: db.prepare(`SELECT holder FROM leases WHERE name = ? AND expires_at > ?`).pluck(),
  };
  return {
    acquire: async (name, holder, ttlMs) => {
      const t = now();
      return q.acquire.run(name, holder, t + ttlMs, t).changes === 1;
    },
    renew: async (name, holder, ttlMs) => q.renew.run(now() + ttlMs, name, holder).changes === 1,
    release: async (name, holder) => {
      q.release.run(name, holder);
    },
    holder: async (name) => (q.holder.get(name, now()) as string | undefined) ?? null,
  };
}
