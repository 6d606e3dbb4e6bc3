import type { AgentRecord, AgentRepo } from '../store/store.js';

/**
 * The agents in memory: routing a call to the right sockets must not touch the database on
 * the hot path. Writes go through here so the cache never drifts from the store.
 */
export class AgentDirectory {
  private agents = new Map<string, AgentRecord>();
  private byIdentifier = new Map<string, AgentRecord[]>();

  constructor(private readonly repo: AgentRepo) {}

  async load(): Promise<void> {
    this.agents = new Map((await this.repo.list()).map((a) => [a.id, a]));
    this.reindex();
  }

  async create(agent: Parameters<AgentRepo['create']>[0]): Promise<AgentRecord> {
    const created = await this.repo.create(agent);
    this.agents.set(created.id, created);
    this.reindex();
    return created;
  }

  async delete(id: string): Promise<boolean> {
    const deleted = await this.repo.delete(id);
    this.agents.delete(id);
    this.reindex();
    return deleted;
  }

  list(): AgentRecord[] {
    return [...this.agents.values()];
  }

  get(id: string): AgentRecord | undefined {
    return this.agents.get(id);
  }

  /** The agent an extension (or other source identifier) belongs to, if exactly one does. */
  byExtension(identifier: string): AgentRecord | undefined {
    const found = this.byIdentifier.get(identifier);
    return found && found.length === 1 ? found[0] : undefined;
  }

  private reindex(): void {
    this.byIdentifier = new Map();
    for (const agent of this.agents.values()) {
      for (const ext of agent.extensions) {
        const list = this.byIdentifier.get(ext) ?? [];
        list.push(agent);
        this.byIdentifier.set(ext, list);
      }
    }
  }
}
