import type { SessionRepo } from '../store.js';
import type { PgDatabase } from './database.js';

interface SessionRow {
  id_hash: string;
  csrf: string;
  created_at: string;
  expires_at: string;
}

export function pgSessionRepo(db: PgDatabase): SessionRepo {
  return {
    create: async (s) => {
      await db.query(`INSERT INTO admin_sessions (id_hash, csrf, created_at, expires_at) VALUES ($1, $2, $3, $4)`, [s.idHash, s.csrf, s.createdAt, s.expiresAt]);
    },
    get: async (idHash, now) => {
      const r = (await db.query<SessionRow>(`SELECT * FROM admin_sessions WHERE id_hash = $1 AND expires_at > $2`, [idHash, now])).rows[0];
      return r ? { idHash: r.id_hash, csrf: r.csrf, createdAt: r.created_at, expiresAt: r.expires_at } : null;
    },
    delete: async (idHash) => {
      await db.query(`DELETE FROM admin_sessions WHERE id_hash = $1`, [idHash]);
    },
    purgeExpired: async (now) => (await db.query(`DELETE FROM admin_sessions WHERE expires_at <= $1`, [now])).rowCount ?? 0,
  };
}
