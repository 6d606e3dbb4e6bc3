import { createHash } from 'node:crypto';
// jsonb arrives parsed: rows map as they come.
import { MISSED, toCallRecord as toRecord, type CallRow } from '../call-rows.js';
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
    list: async ({ since, missedOnly, limit, agentId }) => {
      const where: string[] = [];
      const params: unknown[] = [];
      const param = (v: unknown) => `$${params.push(v)}`;
      if (agentId !== undefined) {
        // The same rule as agents/routing.ts concernsAgent(): no agent ids means everyone; the
        // taker sees a call they picked up without having rung; a blocked caller concerns nobody.
        const id = param(agentId);
        where.push(`COALESCE(calls.outcome, '') <> 'blocked' AND (calls.agent_ids = '[]'::jsonb OR calls.answered_by_agent_id = ${id}
          OR calls.agent_ids ? ${id})`);
      }
      if (since) where.push(`started_at >= ${param(since)}`);
      if (missedOnly) where.push(MISSED);
      return rows(`SELECT * FROM calls ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY started_at DESC LIMIT ${param(limit)}`, params);
    },
    stale: (before) => rows(`SELECT * FROM calls WHERE state <> 'ended' AND started_at < $1 ORDER BY started_at LIMIT 1000`, [before]),
    markCallbacks: (ids, done, by, at, resolution = 'called-back') =>
      db.tx(async (t) => {
        let changed = 0;
        for (const id of ids) {
          // Only missed inbound calls are on the callback list; a note on an answered call is a note.
          const r = done
            ? await t.query(
                `UPDATE calls SET callback_done_at = $3, callback_done_by = $4, callback_resolution = $5
                 WHERE call_id = $1 AND ($2::text IS NULL OR source = $2) AND ${MISSED}`,
                [id.callId, id.source ?? null, at, by, resolution],
              )
            : await t.query(
                `UPDATE calls SET callback_done_at = NULL, callback_done_by = NULL, callback_resolution = NULL
                 WHERE call_id = $1 AND ($2::text IS NULL OR source = $2)`,
                [id.callId, id.source ?? null],
              );
          changed += r.rowCount ?? 0;
        }
        return changed;
      }),
    byCallId: (callId) => rows(`SELECT * FROM calls WHERE call_id = $1 ORDER BY started_at DESC LIMIT 20`, [callId]),
    pendingCallbacks: (e164, since, limit) =>
      rows(`SELECT * FROM calls WHERE caller_e164 = $1 AND started_at >= $2 AND callback_done_at IS NULL AND ${MISSED} ORDER BY started_at LIMIT $3`, [
        e164,
        since,
        limit,
      ]),
    identifyCaller: async (e164, customerNo, callerName) =>
      (await db.query(`UPDATE calls SET customer_no = $2, caller_name = $3 WHERE caller_e164 = $1 AND customer_no IS NULL`, [e164, customerNo, callerName])).rowCount ?? 0,
    purgeEvents: async (before) => (await db.query(`DELETE FROM call_events WHERE created_at < $1`, [before])).rowCount ?? 0,
    // Events go with their call (ON DELETE CASCADE).
    purgeCalls: async (before) => (await db.query(`DELETE FROM calls WHERE started_at < $1`, [before])).rowCount ?? 0,
    forCustomer: (customerNo) => rows(`SELECT * FROM calls WHERE customer_no = $1 ORDER BY started_at DESC`, [customerNo]),
  };
}
