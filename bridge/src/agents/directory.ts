import type { AgentRecord, AgentRepo, AgentUpdate, NewAgent } from '../store/store.js';
import { isAgentIdentifier } from './routing.js';

/**
 * The agents in memory: routing a call to the right sockets must not touch the database on
 * the hot path. Writes go through here so the cache never drifts from the store.
 */
export class AgentDirectory {
  private agents = new Map<string, AgentRecord>();

  constructor(private readonly repo: AgentRepo) {}

  async load(): Promise<void> {
    this.agents = new Map((await this.repo.list()).map((a) => [a.id, a]));
  }

  async create(agent: NewAgent): Promise<AgentRecord> {
    const created = await this.repo.create(agent);
    this.agents.set(created.id, created);
    return created;
  }

  async update(id: string, patch: AgentUpdate): Promise<AgentRecord | null> {
    const updated = await this.repo.update(id, patch);
    if (updated) this.agents.set(id, updated);
    return updated;
  }

  async replaceToken(id: string, tokenHash: string): Promise<AgentRecord | null> {
    return (await this.repo.setTokenHash(id, tokenHash)) ? (this.agents.get(id) ?? null) : null;
  }

  async delete(id: string): Promise<boolean> {
    const deleted = await this.repo.delete(id);
    this.agents.delete(id);
    return deleted;
  }

  list(): AgentRecord[] {
    return [...this.agents.values()];
  }

  get(id: string): AgentRecord | undefined {
    return this.agents.get(id);
  }

  /** The agent an identifier reported by `source` belongs to, if exactly one does. */
  byIdentifier(source: string, identifier: string): AgentRecord | undefined {
    let found: AgentRecord | undefined;
    for (const agent of this.agents.values()) {
      if (!isAgentIdentifier(agent, source, identifier)) continue;
      if (found) return undefined;
      found = agent;
    }
    return found;
  }
}
