import { toCallRecord, type CallRow as SharedCallRow } from '../call-rows.js';
import type { CallRecord, CallRepo, JournalEvent } from '../store.js';
import type { Db } from './database.js';

/** SQLite keeps the agent list as JSON text. */
type CallRow = Omit<SharedCallRow, 'agents'> & { agents: string };
const toRecord = (r: CallRow): CallRecord => toCallRecord({ ...r, agents: JSON.parse(r.agents) as string[] });

export function sqliteCallRepo(db: Db): CallRepo {
  const q = {
    get: db.prepare(`SELECT * FROM calls WHERE source = ? AND call_id = ?`),
    upsert: db.prepare(`
      INSERT INTO calls (source, call_id, linked_id, direction, state, outcome, from_raw, to_raw, agents,
                         answered_by, cause, started_at, answered_at, ended_at, customer_no, caller_name)
      VALUES (@source, @callId, @linkedId, @direction, @state, @outcome, @fromRaw, @to, @agents,
              @answeredBy, @cause, @startedAt, @answeredAt, @endedAt, @customerNo, @callerName)
      ON CONFLICT (source, call_id) DO UPDATE SET
        linked_id = excluded.linked_id, state = excluded.state, outcome = excluded.outcome,
        agents = excluded.agents, answered_by = excluded.answered_by, cause = excluded.cause,
        answered_at = excluded.answered_at, ended_at = excluded.ended_at
      RETURNING id`).pluck(),
    insertEvent: db.prepare(`INSERT INTO call_events (call_row, source, targets, payload, created_at) VALUES (?, ?, ?, '', ?)`),
    setPayload: db.prepare(`UPDATE call_events SET payload = ? WHERE event_id = ?`),
    eventsAfter: db.prepare(`
      SELECT event_id, source, targets, payload, created_at FROM call_events
      WHERE event_id > ? AND created_at >= ? ORDER BY event_id LIMIT 5000`),
    lastEventId: db.prepare(`SELECT COALESCE(MAX(event_id), (SELECT seq FROM sqlite_sequence WHERE name = 'call_events'), 0) FROM call_events`).pluck(),
    stale: db.prepare(`SELECT * FROM calls WHERE state <> 'ended' AND started_at < ? ORDER BY started_at LIMIT 1000`),
    markCallback: db.prepare(`
      UPDATE calls SET callback_done_at = @at, callback_done_by = @by
      WHERE call_id = @callId AND (@source IS NULL OR source = @source)`),
    clearCallback: db.prepare(`
      UPDATE calls SET callback_done_at = NULL, callback_done_by = NULL
      WHERE call_id = @callId AND (@source IS NULL OR source = @source)`),
    purge: db.prepare(`DELETE FROM call_events WHERE created_at < ?`),
    // Events go with their call (ON DELETE CASCADE).
    purgeCalls: db.prepare(`DELETE FROM calls WHERE started_at < ?`),
    forCustomer: db.prepare(`SELECT * FROM calls WHERE customer_no = ? ORDER BY started_at DESC`),
  };

  const record = db.transaction((call: CallRecord, ev: { targets: string[] | null; payload: (id: number) => string; at: string }) => {
    const row = q.upsert.get({ ...call, agents: JSON.stringify(call.agents) }) as number;
    const targets = ev.targets ? JSON.stringify(ev.targets) : null;
    const eventId = Number(q.insertEvent.run(row, call.source, targets, ev.at).lastInsertRowid);
    // The payload carries its own eventId, which exists only after the insert.
    q.setPayload.run(ev.payload(eventId), eventId);
    return eventId;
  });

  const markCallbacks = db.transaction((ids: { source?: string; callId: string }[], done: boolean, by: string, at: string) => {
    let changed = 0;
    for (const id of ids) {
      const params = { callId: id.callId, source: id.source ?? null, by, at };
      changed += (done ? q.markCallback : q.clearCallback).run(done ? params : { callId: params.callId, source: params.source }).changes;
    }
    return changed;
  });

  const get = (source: string, callId: string): CallRecord | null => {
    const r = q.get.get(source, callId) as CallRow | undefined;
    return r ? toRecord(r) : null;
  };

  return {
    get: async (source, callId) => get(source, callId),
    record: async (call, ev) => record(call, ev),
    // One process owns an SQLite file's calls: CallService's per-call queue orders the events,
    // and the write itself is one transaction. Several bridges need PostgreSQL.
    apply: async (source, callId, decide) => {
      const change = await decide(get(source, callId));
      return change ? record(change.call, change.event) : null;
    },
    eventsAfter: async (eventId, notBefore) =>
      (q.eventsAfter.all(eventId, notBefore) as { event_id: number; source: string; targets: string | null; payload: string; created_at: string }[]).map(
        (r): JournalEvent => ({
          eventId: r.event_id,
          source: r.source,
          targets: r.targets ? (JSON.parse(r.targets) as string[]) : null,
          payload: r.payload,
          createdAt: r.created_at,
        }),
      ),
    lastEventId: async () => q.lastEventId.get() as number,
    list: async ({ since, missedOnly, limit, ringing }) => {
      const where: string[] = [];
      const params: unknown[] = [];
      if (ringing) {
        // The same rule as agents/routing.ts ringsFor(): no targets means everyone; an extension
        // matches from any source, a per-source identifier only from its own source.
        where.push(`(json_array_length(calls.agents) = 0 OR EXISTS (
          SELECT 1 FROM json_each(calls.agents) t
          WHERE t.value IN (SELECT value FROM json_each(?))
             OR t.value IN (SELECT i.value FROM json_each(?) s, json_each(s.value) i WHERE s.key = calls.source)))`);
        params.push(JSON.stringify(ringing.extensions), JSON.stringify(ringing.identifiers));
      }
      if (since) {
        where.push('started_at >= ?');
        params.push(since);
      }
      if (missedOnly) {
        // A leg that rang out is not missed when another leg of the same call was answered
        // (forwarded to a colleague, transferred, picked up elsewhere).
        where.push(`outcome IN ('missed', 'unknown-end') AND answered_by IS NULL AND direction = 'in'
          AND NOT EXISTS (SELECT 1 FROM calls leg WHERE leg.source = calls.source AND leg.answered_by IS NOT NULL
                          AND COALESCE(leg.linked_id, leg.call_id) = COALESCE(calls.linked_id, calls.call_id))`);
      }
      const sql = `SELECT * FROM calls ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY started_at DESC LIMIT ?`;
      return (db.prepare(sql).all(...params, limit) as CallRow[]).map(toRecord);
    },
    stale: async (before) => (q.stale.all(before) as CallRow[]).map(toRecord),
    markCallbacks: async (ids, done, by, at) => markCallbacks(ids, done, by, at),
    purgeEvents: async (before) => q.purge.run(before).changes,
    purgeCalls: async (before) => q.purgeCalls.run(before).changes,
    forCustomer: async (customerNo) => (q.forCustomer.all(customerNo) as CallRow[]).map(toRecord),
  };
}
