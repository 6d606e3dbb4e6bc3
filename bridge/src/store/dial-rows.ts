import type { DialRecord } from './store.js';

/** A `dials` row as both stores return it. */
export interface DialRow {
  id: number;
  agent_id: string;
  source: string;
  device: string;
  number_e164: string;
  callback_source: string | null;
  callback_call_id: string | null;
  requested_at: string;
  result: string;
  connected_call_id: string | null;
  connected_at: string | null;
}

export function toDial(r: DialRow): DialRecord {
  return {
    id: r.id,
    agentId: r.agent_id,
    source: r.source,
    device: r.device,
    numberE164: r.number_e164,
    callback: r.callback_call_id ? { source: r.callback_source, callId: r.callback_call_id } : null,
    requestedAt: r.requested_at,
    result: r.result,
    connectedCallId: r.connected_call_id,
    connectedAt: r.connected_at,
  };
}

/** How many open dials one answer event looks at; more to one number in minutes is a loop, not work. */
export const OPEN_DIALS = 20;
