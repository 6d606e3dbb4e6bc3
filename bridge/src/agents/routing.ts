import type { CallRecord } from '../store/store.js';

/**
 * Which agents a call concerns, in Ringside agent ids (resolved at the edge, agents/identity.ts):
 * the agents it rang, or everyone when it rang nobody in particular, plus whoever took it even
 * without having rung. The live push, the catch-up replay and the SQL filter of the agent's call
 * lists all follow this one rule (the store's contract test checks the SQL against it).
 */
export type CallAudience = Pick<CallRecord, 'agentIds' | 'answeredByAgentId' | 'outcome'>;

/** Push targets for an event of this call; null means every agent, [] nobody (a blocked caller). */
export function pushTargets(call: CallAudience): string[] | null {
  if (call.outcome === 'blocked') return [];
  if (call.agentIds.length === 0) return null;
  const targets = [...call.agentIds];
  if (call.answeredByAgentId && !targets.includes(call.answeredByAgentId)) targets.push(call.answeredByAgentId);
  return targets;
}

/** Whether an event addressed to `targets` goes to this agent. */
export function isAddressedTo(targets: readonly string[] | null, agentId: string): boolean {
  return targets === null || targets.includes(agentId);
}

export function concernsAgent(call: CallAudience, agentId: string): boolean {
  return isAddressedTo(pushTargets(call), agentId);
}
