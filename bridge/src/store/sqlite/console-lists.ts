import type { RefusedOriginRepo, UnmappedRepo } from '../store.js';
import { REFUSED_ORDER, toRefusedOrigin, toUnmapped, UNMAPPED_ORDER, type RefusedOriginRow, type UnmappedRow } from '../console-list-rows.js';
import type { Db } from './database.js';

export function sqliteUnmappedRepo(db: Db): UnmappedRepo {
  const q = {
    upsert: db.prepare(
      `INSERT INTO unmapped_identifiers (source, role, identifier, count, last_seen_at, also_named) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (source, role, identifier) DO UPDATE SET count = count + excluded.count,
         last_seen_at = max(last_seen_at, excluded.last_seen_at), also_named = excluded.also_named`,
    ),
    trim: db.prepare(
      `DELETE FROM unmapped_identifiers WHERE source = ? AND rowid NOT IN
         (SELECT rowid FROM unmapped_identifiers WHERE source = ? ORDER BY ${UNMAPPED_ORDER} LIMIT ?)`,
    ),
    list: db.prepare(`SELECT * FROM unmapped_identifiers ORDER BY ${UNMAPPED_ORDER}`),
    forget: db.prepare(`DELETE FROM unmapped_identifiers WHERE source = ? AND identifier = ?`),
  };
  const note = db.transaction((sightings: Parameters<UnmappedRepo['note']>[0], max: number) => {
    for (const s of sightings) q.upsert.run(s.source, s.role, s.identifier, s.count, s.lastSeenAt, JSON.stringify(s.alsoNamed));
    for (const source of new Set(sightings.map((s) => s.source))) q.trim.run(source, source, max);
  });
  const forget = db.transaction((source: string, identifiers: string[]) => {
    for (const identifier of identifiers) q.forget.run(source, identifier);
  });
  return {
    note: async (sightings, max) => {
      if (sightings.length > 0) note(sightings, max);
    },
    list: async () => (q.list.all() as UnmappedRow[]).map(toUnmapped),
    forget: async (source, identifiers) => {
      forget(source, identifiers);
    },
  };
}

export function sqliteRefusedOriginRepo(db: Db): RefusedOriginRepo {
  const q = {
    upsert: db.prepare(
      `INSERT INTO refused_origins (origin, attempts, last_seen_at) VALUES (?, ?, ?)
       ON CONFLICT (origin) DO UPDATE SET attempts = attempts + excluded.attempts, last_seen_at = max(last_seen_at, excluded.last_seen_at)`,
    ),
    trim: db.prepare(`DELETE FROM refused_origins WHERE origin NOT IN (SELECT origin FROM refused_origins ORDER BY ${REFUSED_ORDER} LIMIT ?)`),
    list: db.prepare(`SELECT * FROM refused_origins ORDER BY ${REFUSED_ORDER}`),
    forget: db.prepare(`DELETE FROM refused_origins WHERE origin = ?`),
  };
  const note = db.transaction((refusals: Parameters<RefusedOriginRepo['note']>[0], max: number) => {
    for (const r of refusals) q.upsert.run(r.origin, r.attempts, r.lastSeen);
    q.trim.run(max);
  });
  const forget = db.transaction((origins: string[]) => {
    for (const origin of origins) q.forget.run(origin);
  });
  return {
    note: async (refusals, max) => {
      if (refusals.length > 0) note(refusals, max);
    },
    list: async () => (q.list.all() as RefusedOriginRow[]).map(toRefusedOrigin),
    forget: async (origins) => {
      forget(origins);
    },
  };
}
