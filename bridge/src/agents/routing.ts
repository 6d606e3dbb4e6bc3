import type { AgentRecord } from '../store/store.js';

/**
 * Does a call from `source` that rings `targets` concern this agent? null targets mean the
 * phone system did not say, so everyone sees it. Identifiers are matched per source: sipgate's
 * `w0` and a Fritz!Box extension `1` must not ring the wrong person.
 */
export function ringsFor(agent: Pick<AgentRecord, 'extensions' | 'identifiers'>, source: string, targets: readonly string[] | null): boolean {
  if (!targets || targets.length === 0) return true;
  const own = agent.identifiers[source];
  return targets.some((t) => agent.extensions.includes(t) || (own !== undefined && own.includes(t)));
}

/** Whether `identifier` reported by `source` names this agent (for "taken by Ben"). */
export function isAgentIdentifier(agent: Pick<AgentRecord, 'extensions' | 'identifiers'>, source: string, identifier: string): boolean {
  return agent.extensions.includes(identifier) || (agent.identifiers[source]?.includes(identifier) ?? false);
}
