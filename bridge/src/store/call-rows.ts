import type { CallRecord } from './store.js';

/** A `calls` row as both stores return it, with `agents` already parsed. */
export interface CallRow {
  source: string;
  call_id: string;
  linked_id: string | null;
  direction: CallRecord['direction'];
  state: CallRecord['state'];
  outcome: CallRecord['outcome'];
  from_raw: string | null;
  to_raw: string | null;
  agents: string[];
  answered_by: string | null;
  cause: string | null;
  started_at: string;
  answered_at: string | null;
  ended_at: string | null;
  customer_no: string | null;
  caller_name: string | null;
  callback_done_at: string | null;
  callback_done_by: string | null;
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
  agents: r.agents,
  answeredBy: r.answered_by,
  cause: r.cause,
  startedAt: r.started_at,
  answeredAt: r.answered_at,
  endedAt: r.ended_at,
  customerNo: r.customer_no,
  callerName: r.caller_name,
  callbackDoneAt: r.callback_done_at,
  callbackDoneBy: r.callback_done_by,
});
