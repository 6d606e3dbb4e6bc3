import type { AgentRecord, AgentRepo, AgentUpdate, NewAgent } from '../store/store.js';
import { IdentityIndex } from './identity.js';

/**
 * The agents in memory: routing a call to the right sockets must not touch the database on
 * the hot path. Writes go through here so the cache never drifts from the store.
 */
export class AgentDirectory {
  private agents = new Map<string, AgentRecord>();
  private index = new IdentityIndex([]);

  /**
   * `changed` hears of every write made through here (cluster/agent-sync.ts tells the other
   * instances, which `refresh` the agent from the store).
   */
  constructor(
    private readonly repo: AgentRepo,
    private readonly changed: (agentId: string) => void = () => {},
  ) {}

  async load(): Promise<void> {
    this.agents = new Map((await this.repo.list()).map((a) => [a.id, a]));
    this.reindex();
  }

  async create(agent: NewAgent): Promise<AgentRecord> {
    const created = await this.repo.create(agent);
    this.agents.set(created.id, created);
    this.reindex();
    this.changed(created.id);
    return created;
  }

  async update(id: string, patch: AgentUpdate): Promise<AgentRecord | null> {
    const updated = await this.repo.update(id, patch);
    if (updated) this.agents.set(id, updated);
    this.reindex();
    if (updated) this.changed(id);
    return updated;
  }

  async replaceToken(id: string, tokenHash: string): Promise<AgentRecord | null> {
    if (!(await this.repo.setTokenHash(id, tokenHash))) return null;
    this.changed(id);
    return this.agents.get(id) ?? null;
  }

  async delete(id: string): Promise<boolean> {
    const deleted = await this.repo.delete(id);
    this.agents.delete(id);
    this.reindex();
    if (deleted) this.changed(id);
    return deleted;
  }

  /** Another instance changed this agent: take the store's version (or its absence). */
  async refresh(id: string): Promise<AgentRecord | undefined> {
    const agent = await this.repo.get(id);
    if (agent) this.agents.set(id, agent);
    else this.agents.delete(id);
    this.reindex();
    return agent ?? undefined;
  }

  list(): AgentRecord[] {
    return [...this.agents.values()];
  }

  get(id: string): AgentRecord | undefined {
    return this.agents.get(id);
  }

  /** Maps what phone systems name (extensions, per-source ids, Zammad names) to agent ids. */
  identity(): IdentityIndex {
    return this.index;
  }

  /** Rebuilt on every write: agents are few and change rarely, calls are many. */
  private reindex(): void {
    this.index = new IdentityIndex([...this.agents.values()]);
  }
}
