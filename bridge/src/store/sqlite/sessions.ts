import type { AdminSession, SessionRepo } from '../store.js';
import type { Db } from './database.js';

interface SessionRow {
  id_hash: string;
  csrf: string;
  created_at: string;
  expires_at: string;
}

export function sqliteSessionRepo(db: Db): SessionRepo {
  const q = {
    insert: db.prepare(`INSERT INTO admin_sessions (id_hash, csrf, created_at, expires_at) VALUES (?, ?, ?, ?)`),
    get: db.prepare(`SELECT * FROM admin_sessions WHERE id_hash = ? AND expires_at > ?`),
    delete: db.prepare(`DELETE FROM admin_sessions WHERE id_hash = ?`),
    purge: db.prepare(`DELETE FROM admin_sessions WHERE expires_at <= ?`),
  };
  return {
    create: async (s: AdminSession) => {
      q.insert.run(s.idHash, s.csrf, s.createdAt, s.expiresAt);
    },
    get: async (idHash, now) => {
      const r = q.get.get(idHash, now) as SessionRow | undefined;
      return r ? { idHash: r.id_hash, csrf: r.csrf, createdAt: r.created_at, expiresAt: r.expires_at } : null;
    },
    delete: async (idHash) => {
      q.delete.run(idHash);
    },
    purgeExpired: async (now) => q.purge.run(now).changes,
  };
}
