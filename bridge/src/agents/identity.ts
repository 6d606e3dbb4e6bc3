import type { AgentRecord } from '../store/store.js';

/**
 * Who a phone system means, resolved once where its event enters the bridge. Each source names
 * people its own way (extension `21`, sipgate `w0`, Placetel peer `7771234e0`, Fritz!Box index
 * `1`, Zammad `Emma Taylor` or `emma@example.com`); everything after this module works with
 * Ringside agent ids only, so routing, journal, lists and the extension cannot disagree.
 *
 * Pure: built from the agent list, no I/O, so it is tested table-driven per source.
 */
export type IdentityAgent = Pick<AgentRecord, 'id' | 'name' | 'email' | 'extensions' | 'identifiers'>;

/**
 * Sources whose users are people rather than phones: Zammad names the called users and who
 * answered by user name, and `answeringNumber` may be a login (an e-mail address).
 */
const MATCH_NAME_AND_EMAIL: ReadonlySet<string> = new Set(['zammad']);

/**
 * Sources whose ringing identifiers are several names of one target, not several targets: a
 * Fritz!Box RING names the called number (MSN) and the line it came in on (`SIP0`). One of them
 * naming an agent is enough; the other is then not "unassigned".
 */
const ALTERNATIVE_NAMES: ReadonlySet<string> = new Set(['fritzbox']);

/** Whether `source` names one target several ways (see ALTERNATIVE_NAMES). */
export function namesAlternatives(source: string): boolean {
  return ALTERNATIVE_NAMES.has(source);
}

export interface RingingResolution {
  /** Agents to ring; empty means every agent (the source named nobody, or nobody mapped). */
  agentIds: string[];
  /** Identifiers the source named that belong to no agent, for the admin console. */
  unmapped: string[];
}

export interface TakerResolution {
  agentId: string | null;
  /** Set when no identifier named an agent: what to show the admin. */
  unmapped: string[];
}

/** Names compare the way people type them: case, surrounding and doubled spaces do not matter. */
function personKey(value: string): string {
  return value.trim().replace(/\s+/g, ' ').toLocaleLowerCase('de');
}

function add(index: Map<string, string[]>, key: string, agentId: string): void {
  const ids = index.get(key);
  if (!ids) index.set(key, [agentId]);
  else if (!ids.includes(agentId)) ids.push(agentId);
}

export class IdentityIndex {
  /** Extensions ring from any source. */
  private readonly byExtension = new Map<string, string[]>();
  /** `source \0 identifier`: identifiers of one source only. */
  private readonly bySourceId = new Map<string, string[]>();
  /** Lower-cased agent names and e-mail addresses (person-naming sources only). */
  private readonly byPerson = new Map<string, string[]>();

  constructor(agents: readonly IdentityAgent[]) {
    for (const agent of agents) {
      for (const ext of agent.extensions) add(this.byExtension, ext, agent.id);
      for (const [source, ids] of Object.entries(agent.identifiers)) {
        for (const id of ids) add(this.bySourceId, `${source}\u0000${id}`, agent.id);
      }
      add(this.byPerson, personKey(agent.name), agent.id);
      if (agent.email) add(this.byPerson, personKey(agent.email), agent.id);
    }
  }

  /**
   * Every agent `identifier` reported by `source` may mean. Several when agents share an
   * extension: then all of them ring (better two cards than none).
   */
  agentsFor(source: string, identifier: string): string[] {
    const id = identifier.trim();
    if (!id) return [];
    const out: string[] = [];
    const push = (ids: string[] | undefined) => ids?.forEach((a) => out.includes(a) || out.push(a));
    push(this.bySourceId.get(`${source}\u0000${id}`));
    push(this.byExtension.get(id));
    if (MATCH_NAME_AND_EMAIL.has(source)) push(this.byPerson.get(personKey(id)));
    return out;
  }

  /** The ringing targets of an event; null (the source did not say) rings everyone. */
  ringing(source: string, identifiers: readonly string[] | null): RingingResolution {
    const agentIds: string[] = [];
    const unmapped: string[] = [];
    for (const identifier of (identifiers ?? []).flatMap((i) => this.split(source, i))) {
      const ids = this.agentsFor(source, identifier);
      if (ids.length === 0) unmapped.push(identifier);
      for (const a of ids) if (!agentIds.includes(a)) agentIds.push(a);
    }
    if (namesAlternatives(source) && agentIds.length > 0) return { agentIds, unmapped: [] };
    return { agentIds, unmapped };
  }

  /**
   * Zammad joins several called users into one text (`user 1, user 2`, as its own Cti::Log
   * does). A name that is an agent's as a whole stays whole ("Miller, Chris"); otherwise each
   * part is a name of its own.
   */
  private split(source: string, identifier: string): string[] {
    if (!MATCH_NAME_AND_EMAIL.has(source) || !identifier.includes(',')) return [identifier];
    if (this.agentsFor(source, identifier).length > 0) return [identifier];
    return identifier.split(',').map((p) => p.trim()).filter((p) => p !== '');
  }

  /**
   * Who answered. `identifiers` are the source's names for the one person, best first (Zammad:
   * `answeringNumber`, then `user`). Of several agents sharing an identifier, the one the call
   * rang wins; if that does not decide it, nobody is named rather than the wrong person.
   */
  taker(source: string, identifiers: readonly string[], rang: readonly string[]): TakerResolution {
    for (const identifier of identifiers) {
      const ids = this.agentsFor(source, identifier);
      if (ids.length === 1) return { agentId: ids[0]!, unmapped: [] };
      if (ids.length > 1) {
        const rung = ids.filter((a) => rang.includes(a));
        if (rung.length === 1) return { agentId: rung[0]!, unmapped: [] };
        return { agentId: null, unmapped: [] };
      }
    }
    return { agentId: null, unmapped: identifiers.filter((i) => i.trim() !== '') };
  }
}
