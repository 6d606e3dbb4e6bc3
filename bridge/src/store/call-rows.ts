import type { CallRecord } from './store.js';

/** A `calls` row as both stores return it, with its JSON columns already parsed. */
export interface CallRow {
  source: string;
  call_id: string;
  linked_id: string | null;
  direction: CallRecord['direction'];
  state: CallRecord['state'];
  outcome: CallRecord['outcome'];
  from_raw: string | null;
  to_raw: string | null;
  /** What the source named as ringing (the column kept its first name). */
  agents: string[];
  agent_ids: string[];
  answered_by: string | null;
  answered_by_agent_id: string | null;
  cause: string | null;
  started_at: string;
  answered_at: string | null;
  ended_at: string | null;
  customer_no: string | null;
  caller_name: string | null;
  caller_kind: CallRecord['callerKind'];
  caller_e164: string | null;
  callback_done_at: string | null;
  callback_done_by: string | null;
  callback_resolution: CallRecord['callbackResolution'];
}

export const toCallRecord = (r: CallRow): CallRecord => ({
  callId: r.call_id,
  source: r.source,
  linkedId: r.linked_id,
  direction: r.direction,
  state: r.state,
  outcome: r.outcome,
  fromRaw: r.from_raw,
  to: r.to_raw,
  namedTargets: r.agents,
  agentIds: r.agent_ids,
  answeredBy: r.answered_by,
  answeredByAgentId: r.answered_by_agent_id,
  cause: r.cause,
  startedAt: r.started_at,
  answeredAt: r.answered_at,
  endedAt: r.ended_at,
  customerNo: r.customer_no,
  callerName: r.caller_name,
  callbackDoneAt: r.callback_done_at,
  callbackDoneBy: r.callback_done_by,
  callbackResolution: r.callback_resolution,
  callerKind: r.caller_kind,
  callerE164: r.caller_e164,
});

/**
 * Inbound, nobody answered on any leg (a leg that rang out is not missed when another leg of the
 * same call was answered: forwarded, transferred, picked up elsewhere), and a number one can
 * dial (withheld and internal callers cannot be called back; rows from before the caller was
 * recorded count as numbers). The same SQL in both stores.
 */
export const MISSED = `calls.outcome IN ('missed', 'unknown-end') AND calls.answered_by IS NULL AND calls.direction = 'in'
  AND COALESCE(calls.caller_kind, 'number') = 'number'
  AND NOT EXISTS (SELECT 1 FROM calls leg WHERE leg.source = calls.source AND leg.answered_by IS NOT NULL
                  AND COALESCE(leg.linked_id, leg.call_id) = COALESCE(calls.linked_id, calls.call_id))`;
