import type { AgentInfo, CallView } from '@ringside/shared';

/**
 * Whether this agent took the call. Decided by the agent id the bridge resolved at the edge,
 * never by comparing the phone system's raw identifier with extension numbers: an agent who
 * answers as sipgate `w0`, a Placetel peer or a Zammad name is still the one who took it.
 */
export function takenByMe(call: Pick<CallView, 'answeredByAgentId'>, me: Pick<AgentInfo, 'id'> | null): boolean {
  return me !== null && call.answeredByAgentId !== null && call.answeredByAgentId === me.id;
}

/**
 * Whether this agent writes the after-call note: the one who took it, or anyone when the call
 * was answered and the bridge could not tell by whom (no taker named, or named but not mapped).
 */
export function notesAreMine(call: Pick<CallView, 'answeredByAgentId' | 'state' | 'outcome'>, me: Pick<AgentInfo, 'id'> | null): boolean {
  if (call.answeredByAgentId !== null) return takenByMe(call, me);
  return call.state === 'ended' && call.outcome === 'answered';
}
