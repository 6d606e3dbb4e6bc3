import type { CallbackResolution } from '@ringside/shared';
import { MISSED, toCallRecord, type CallRow as SharedCallRow } from '../call-rows.js';
import type { CallRecord, CallRepo, JournalEvent } from '../store.js';
import type { Db } from './database.js';

/** SQLite keeps the JSON columns as text. */
type CallRow = Omit<SharedCallRow, 'agents' | 'agent_ids'> & { agents: string; agent_ids: string };
const toRecord = (r: CallRow): CallRecord =>
  toCallRecord({ ...r, agents: JSON.parse(r.agents) as string[], agent_ids: JSON.parse(r.agent_ids) as string[] });

export function sqliteCallRepo(db: Db): CallRepo {
  const q = {
    get: db.prepare(`SELECT * FROM calls WHERE source = ? AND call_id = ?`),
    upsert: db.prepare(`
      INSERT INTO calls (source, call_id, linked_id, direction, state, outcome, from_raw, to_raw, agents,
                         answered_by, cause, started_at, answered_at, ended_at, customer_no, caller_name,
                         agent_ids, answered_by_agent_id, caller_kind, caller_e164)
      VALUES (@source, @callId, @linkedId, @direction, @state, @outcome, @fromRaw, @to, @agents,
              @answeredBy, @cause, @startedAt, @answeredAt, @endedAt, @customerNo, @callerName,
              @agentIds, @answeredByAgentId, @callerKind, @callerE164)
      ON CONFLICT (source, call_id) DO UPDATE SET
        linked_id = excluded.linked_id, state = excluded.state, outcome = excluded.outcome,
        agents = excluded.agents, answered_by = excluded.answered_by, cause = excluded.cause,
        answered_at = excluded.answered_at, ended_at = excluded.ended_at,
        agent_ids = excluded.agent_ids, answered_by_agent_id = excluded.answered_by_agent_id
      RETURNING id`).pluck(),
    insertEvent: db.prepare(`INSERT INTO call_events (call_row, source, targets, payload, created_at) VALUES (?, ?, ?, '', ?)`),
    setPayload: db.prepare(`UPDATE call_events SET payload = ? WHERE event_id = ?`),
    eventsAfter: db.prepare(`
      SELECT event_id, source, targets, payload, created_at FROM call_events
      WHERE event_id > ? AND created_at >= ? ORDER BY event_id LIMIT 5000`),
    lastEventId: db.prepare(`SELECT COALESCE(MAX(event_id), (SELECT seq FROM journal.sqlite_sequence WHERE name = 'call_events'), 0) FROM call_events`).pluck(),
    stale: db.prepare(`SELECT * FROM calls WHERE state <> 'ended' AND started_at < ? ORDER BY started_at LIMIT 1000`),
    // Only missed inbound calls are on the callback list; a note on an answered call is a note.
    markCallback: db.prepare(`
      UPDATE calls SET callback_done_at = @at, callback_done_by = @by, callback_resolution = @resolution
      WHERE call_id = @callId AND (@source IS NULL OR source = @source) AND ${MISSED}`),
    clearCallback: db.prepare(`
      UPDATE calls SET callback_done_at = NULL, callback_done_by = NULL, callback_resolution = NULL
      WHERE call_id = @callId AND (@source IS NULL OR source = @source)`),
    byCallId: db.prepare(`SELECT * FROM calls WHERE call_id = ? ORDER BY started_at DESC LIMIT 20`),
    pendingCallbacks: db.prepare(`
      SELECT * FROM calls WHERE caller_e164 = ? AND started_at >= ? AND callback_done_at IS NULL AND ${MISSED}
      ORDER BY started_at LIMIT ?`),
    identifyCaller: db.prepare(`
      UPDATE calls SET customer_no = ?, caller_name = ? WHERE caller_e164 = ? AND customer_no IS NULL`),
    purge: db.prepare(`DELETE FROM call_events WHERE created_at < ?`),
    // Events go with their call (ON DELETE CASCADE).
    purgeCalls: db.prepare(`DELETE FROM calls WHERE started_at < ?`),
    forCustomer: db.prepare(`SELECT * FROM calls WHERE customer_no = ? ORDER BY started_at DESC`),
  };

  const record = db.transaction((call: CallRecord, ev: { targets: string[] | null; payload: (id: number) => string; at: string }) => {
    const row = q.upsert.get({ ...call, agents: JSON.stringify(call.namedTargets), agentIds: JSON.stringify(call.agentIds) }) as number;
    const targets = ev.targets ? JSON.stringify(ev.targets) : null;
    const eventId = Number(q.insertEvent.run(row, call.source, targets, ev.at).lastInsertRowid);
    // The payload carries its own eventId, which exists only after the insert.
    q.setPayload.run(ev.payload(eventId), eventId);
    return eventId;
  });

  const markCallbacks = db.transaction(
    (ids: { source?: string; callId: string }[], done: boolean, by: string, at: string, resolution: CallbackResolution) => {
    let changed = 0;
    for (const id of ids) {
      const params = { callId: id.callId, source: id.source ?? null, by, at, resolution };
      changed += (done ? q.markCallback : q.clearCallback).run(done ? params : { callId: params.callId, source: params.source }).changes;
    }
    return changed;
  },
  );

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
    list: async ({ since, missedOnly, limit, agentId }) => {
      const where: string[] = [];
      const params: unknown[] = [];
      if (agentId !== undefined) {
        // The same rule as agents/routing.ts concernsAgent(): no agent ids means everyone; the
        // taker sees a call they picked up without having rung; a blocked caller concerns nobody.
        where.push(`COALESCE(calls.outcome, '') <> 'blocked' AND (calls.agent_ids = '[]' OR calls.answered_by_agent_id = ?
          OR EXISTS (SELECT 1 FROM json_each(calls.agent_ids) t WHERE t.value = ?))`);
        params.push(agentId, agentId);
      }
      if (since) {
        where.push('started_at >= ?');
        params.push(since);
      }
      if (missedOnly) {
        where.push(MISSED);
      }
      const sql = `SELECT * FROM calls ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY started_at DESC LIMIT ?`;
      return (db.prepare(sql).all(...params, limit) as CallRow[]).map(toRecord);
    },
    stale: async (before) => (q.stale.all(before) as CallRow[]).map(toRecord),
    markCallbacks: async (ids, done, by, at, resolution = 'called-back') => markCallbacks(ids, done, by, at, resolution),
    byCallId: async (callId) => (q.byCallId.all(callId) as CallRow[]).map(toRecord),
    pendingCallbacks: async (e164, since, limit) => (q.pendingCallbacks.all(e164, since, limit) as CallRow[]).map(toRecord),
    identifyCaller: async (e164, customerNo, callerName) => q.identifyCaller.run(customerNo, callerName, e164).changes,
    purgeEvents: async (before) => q.purge.run(before).changes,
    purgeCalls: async (before) => q.purgeCalls.run(before).changes,
    forCustomer: async (customerNo) => (q.forCustomer.all(customerNo) as CallRow[]).map(toRecord),
  };
}
