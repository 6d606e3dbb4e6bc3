import { createHash } from 'node:crypto';
// jsonb arrives parsed: rows map as they come.
import { toCallRecord as toRecord, type CallRow } from '../call-rows.js';
import type { CallRepo, JournalEvent } from '../store.js';
import type { PgDatabase } from './database.js';
import { writeCall } from './journal.js';


/** A 64-bit advisory lock key per call, the same in every bridge. A collision only serializes two calls. */
export function callLockKey(source: string, callId: string): string {
  return createHash('sha256').update(`${source}\u0000${callId}`).digest().readBigInt64BE(0).toString();
}

export function pgCallRepo(db: PgDatabase): CallRepo {
  const rows = async (sql: string, params: unknown[]) => (await db.query<CallRow>(sql, params)).rows.map(toRecord);

  return {
    get: async (source, callId) => (await rows(`SELECT * FROM calls WHERE source = $1 AND call_id = $2`, [source, callId]))[0] ?? null,
    record: (call, ev) => db.tx((t) => writeCall(t, call, ev)),
    apply: (source, callId, decide) =>
      db.tx(async (t) => {
        // Held until commit, by whichever bridge got here first; the other waits, then reads the
        // state this one wrote. A row lock could not cover a call that does not exist yet.
        await t.query(`SELECT pg_advisory_xact_lock($1::bigint)`, [callLockKey(source, callId)]);
        const prev = (await t.query<CallRow>(`SELECT * FROM calls WHERE source = $1 AND call_id = $2`, [source, callId])).rows[0];
        const change = await decide(prev ? toRecord(prev) : null);
        return change ? writeCall(t, change.call, change.event) : null;
      }, db.calls),
    eventsAfter: async (eventId, notBefore) => {
      const { rows: events } = await db.query<{ event_id: number; source: string; targets: string[] | null; payload: string; created_at: string }>(
        `SELECT event_id, source, targets, payload, created_at FROM call_events
         WHERE event_id > $1 AND created_at >= $2 ORDER BY event_id LIMIT 5000`,
        [eventId, notBefore],
      );
      return events.map((r): JournalEvent => ({ eventId: r.event_id, source: r.source, targets: r.targets, payload: r.payload, createdAt: r.created_at }));
    },
    lastEventId: async () => (await db.query<{ id: number }>(`SELECT last_event_id AS id FROM journal_clock`)).rows[0]!.id,
    list: async ({ since, missedOnly, limit, ringing }) => {
      const where: string[] = [];
      const params: unknown[] = [];
      const param = (v: unknown) => `$${params.push(v)}`;
      if (ringing) {
        // The same rule as agents/routing.ts ringsFor(): no targets means everyone; an extension
        // matches from any source, a per-source identifier only from its own source.
        where.push(`(jsonb_array_length(calls.agents) = 0 OR EXISTS (
          SELECT 1 FROM jsonb_array_elements_text(calls.agents) t(v)
          WHERE t.v = ANY(${param(ringing.extensions)}::text[])
             OR t.v IN (SELECT jsonb_array_elements_text(${param(JSON.stringify(ringing.identifiers))}::jsonb -> calls.source))))`);
      }
      if (since) where.push(`started_at >= ${param(since)}`);
      if (missedOnly) {
        // A leg that rang out is not missed when another leg of the same call was answered
        // (forwarded to a colleague, transferred, picked up elsewhere).
        where.push(`outcome IN ('missed', 'unknown-end') AND answered_by IS NULL AND direction = 'in'
          AND NOT EXISTS (SELECT 1 FROM calls leg WHERE leg.source = calls.source AND leg.answered_by IS NOT NULL
                          AND COALESCE(leg.linked_id, leg.call_id) = COALESCE(calls.linked_id, calls.call_id))`);
      }
      return rows(`SELECT * FROM calls ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY started_at DESC LIMIT ${param(limit)}`, params);
    },
    stale: (before) => rows(`SELECT * FROM calls WHERE state <> 'ended' AND started_at < $1 ORDER BY started_at LIMIT 1000`, [before]),
    markCallbacks: (ids, done, by, at) =>
      db.tx(async (t) => {
        let changed = 0;
        for (const id of ids) {
          const r = await t.query(
            `UPDATE calls SET callback_done_at = $3, callback_done_by = $4 WHERE call_id = $1 AND ($2::text IS NULL OR source = $2)`,
            [id.callId, id.source ?? null, done ? at : null, done ? by : null],
          );
          changed += r.rowCount ?? 0;
        }
        return changed;
      }),
    purgeEvents: async (before) => (await db.query(`DELETE FROM call_events WHERE created_at < $1`, [before])).rowCount ?? 0,
    // Events go with their call (ON DELETE CASCADE).
    purgeCalls: async (before) => (await db.query(`DELETE FROM calls WHERE started_at < $1`, [before])).rowCount ?? 0,
    forCustomer: (customerNo) => rows(`SELECT * FROM calls WHERE customer_no = $1 ORDER BY started_at DESC`, [customerNo]),
  };
}
