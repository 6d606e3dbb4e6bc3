import type { RefusedOriginRecord, UnmappedRecord } from './store.js';

/** The rows of unmapped_identifiers and refused_origins, as both stores read them. */
export interface UnmappedRow {
  source: string;
  role: string;
  identifier: string;
  count: number | string;
  last_seen_at: string;
  also_named: string | string[];
}

export interface RefusedOriginRow {
  origin: string;
  attempts: number | string;
  last_seen_at: string;
}

/** Newest first, then by name: the same order in both stores (text compared byte-wise). */
export const UNMAPPED_ORDER = 'last_seen_at DESC, source, role, identifier';
export const REFUSED_ORDER = 'last_seen_at DESC, origin';

export function toUnmapped(r: UnmappedRow): UnmappedRecord {
  return {
    source: r.source,
    role: r.role === 'answered' ? 'answered' : 'ringing',
    identifier: r.identifier,
    count: Number(r.count),
    lastSeenAt: r.last_seen_at,
    alsoNamed: typeof r.also_named === 'string' ? (JSON.parse(r.also_named) as string[]) : r.also_named,
  };
}

export function toRefusedOrigin(r: RefusedOriginRow): RefusedOriginRecord {
  return { origin: r.origin, lastSeen: r.last_seen_at, attempts: Number(r.attempts) };
}
