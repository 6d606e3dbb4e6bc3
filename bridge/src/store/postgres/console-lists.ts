import type { RefusedOriginRepo, UnmappedRepo } from '../store.js';
import { REFUSED_ORDER, toRefusedOrigin, toUnmapped, UNMAPPED_ORDER, type RefusedOriginRow, type UnmappedRow } from '../console-list-rows.js';
import type { PgDatabase } from './database.js';

export function pgUnmappedRepo(db: PgDatabase): UnmappedRepo {
  return {
    note: async (sightings, max) => {
      if (sightings.length === 0) return;
      await db.tx(async (t) => {
        for (const s of sightings) {
          await t.query(
            `INSERT INTO unmapped_identifiers AS u (source, role, identifier, count, last_seen_at, also_named) VALUES ($1, $2, $3, $4, $5, $6)
             ON CONFLICT (source, role, identifier) DO UPDATE SET count = u.count + excluded.count,
               last_seen_at = GREATEST(u.last_seen_at, excluded.last_seen_at), also_named = excluded.also_named`,
            [s.source, s.role, s.identifier, s.count, s.lastSeenAt, JSON.stringify(s.alsoNamed)],
          );
        }
        for (const source of new Set(sightings.map((s) => s.source))) {
          await t.query(
            `DELETE FROM unmapped_identifiers WHERE source = $1 AND (role, identifier) NOT IN
               (SELECT role, identifier FROM unmapped_identifiers WHERE source = $1 ORDER BY ${UNMAPPED_ORDER} LIMIT $2)`,
            [source, max],
          );
        }
      });
    },
    list: async () => (await db.query<UnmappedRow>(`SELECT * FROM unmapped_identifiers ORDER BY ${UNMAPPED_ORDER}`)).rows.map(toUnmapped),
    forget: async (source, identifiers) => {
      if (identifiers.length > 0) await db.query(`DELETE FROM unmapped_identifiers WHERE source = $1 AND identifier = ANY($2)`, [source, identifiers]);
    },
  };
}

export function pgRefusedOriginRepo(db: PgDatabase): RefusedOriginRepo {
  return {
    note: async (refusals, max) => {
      if (refusals.length === 0) return;
      await db.tx(async (t) => {
        for (const r of refusals) {
          await t.query(
            `INSERT INTO refused_origins AS o (origin, attempts, last_seen_at) VALUES ($1, $2, $3)
             ON CONFLICT (origin) DO UPDATE SET attempts = o.attempts + excluded.attempts, last_seen_at = GREATEST(o.last_seen_at, excluded.last_seen_at)`,
            [r.origin, r.attempts, r.lastSeen],
          );
        }
        await t.query(`DELETE FROM refused_origins WHERE origin NOT IN (SELECT origin FROM refused_origins ORDER BY ${REFUSED_ORDER} LIMIT $1)`, [max]);
      });
    },
    list: async () => (await db.query<RefusedOriginRow>(`SELECT * FROM refused_origins ORDER BY ${REFUSED_ORDER}`)).rows.map(toRefusedOrigin),
    forget: async (origins) => {
      if (origins.length > 0) await db.query(`DELETE FROM refused_origins WHERE origin = ANY($1)`, [origins]);
    },
  };
}
