import type { CallRecord, JournalAppend } from '../store.js';
import type { Queryable } from './database.js';

/**
 * Event ids in commit order. A sequence hands out ids when transactions ask, not when they
 * commit: with two bridges, event 6 can become visible while event 5 is still being written,
 * and an agent that resumes after 6 would never receive 5. Taking the next id from one counter
 * row instead locks that row until the transaction ends, so the next writer gets its id only
 * after this one committed (or rolled back, giving the id back: no gaps either). The lock is
 * taken as the transaction's last step, so it is held only for one insert and the commit.
 */
export const NEXT_EVENT_ID = `UPDATE journal_clock SET last_event_id = last_event_id + 1 RETURNING last_event_id AS id`;

const UPSERT_CALL = `
  INSERT INTO calls (source, call_id, linked_id, direction, state, outcome, from_raw, to_raw, agents,
                     answered_by, cause, started_at, answered_at, ended_at, customer_no, caller_name,
                     agent_ids, answered_by_agent_id, caller_kind, caller_e164)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)
  ON CONFLICT (source, call_id) DO UPDATE SET
    linked_id = excluded.linked_id, state = excluded.state, outcome = excluded.outcome,
    agents = excluded.agents, answered_by = excluded.answered_by, cause = excluded.cause,
    answered_at = excluded.answered_at, ended_at = excluded.ended_at,
    agent_ids = excluded.agent_ids, answered_by_agent_id = excluded.answered_by_agent_id
  RETURNING id`;

/** Inside a transaction: save the call's state, then append its event; returns the eventId. */
export async function writeCall(c: Queryable, call: CallRecord, ev: JournalAppend): Promise<number> {
  const row = await c.query<{ id: number }>(UPSERT_CALL, [
    call.source,
    call.callId,
    call.linkedId,
    call.direction,
    call.state,
    call.outcome,
    call.fromRaw,
    call.to,
    JSON.stringify(call.namedTargets),
    call.answeredBy,
    call.cause,
    call.startedAt,
    call.answeredAt,
    call.endedAt,
    call.customerNo,
    call.callerName,
    JSON.stringify(call.agentIds),
    call.answeredByAgentId,
    call.callerKind,
    call.callerE164,
  ]);
  return appendEvent(c, row.rows[0]!.id, call.source, ev);
}

export async function appendEvent(c: Queryable, callRow: number, source: string, ev: JournalAppend): Promise<number> {
  const eventId = (await c.query<{ id: number }>(NEXT_EVENT_ID)).rows[0]!.id;
  await c.query(`INSERT INTO call_events (event_id, call_row, source, targets, payload, created_at) VALUES ($1, $2, $3, $4, $5, $6)`, [
    eventId,
    callRow,
    source,
    ev.targets ? JSON.stringify(ev.targets) : null,
    ev.payload(eventId),
    ev.at,
  ]);
  return eventId;
}
