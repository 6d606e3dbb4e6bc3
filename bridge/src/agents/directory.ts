import type { AgentRecord, AgentRepo, AgentUpdate, NewAgent } from '../store/store.js';
import { IdentityIndex } from './identity.js';

/**
 * The agents in memory: routing a call to the right sockets must not touch the database on
 * the hot path. Writes go through here so the cache never drifts from the store.
 */
export class AgentDirectory {
  private agents = new Map<string, AgentRecord>();
  private index = new IdentityIndex([]);

  constructor(private readonly repo: AgentRepo) {}

  async load(): Promise<void> {
    this.agents = new Map((await this.repo.list()).map((a) => [a.id, a]));
    this.reindex();
  }

  async create(agent: NewAgent): Promise<AgentRecord> {
    const created = await this.repo.create(agent);
    this.agents.set(created.id, created);
    this.reindex();
    return created;
  }

  async update(id: string, patch: AgentUpdate): Promise<AgentRecord | null> {
    const updated = await this.repo.update(id, patch);
    if (updated) this.agents.set(id, updated);
    this.reindex();
    return updated;
  }

  async replaceToken(id: string, tokenHash: string): Promise<AgentRecord | null> {
    return (await this.repo.setTokenHash(id, tokenHash)) ? (this.agents.get(id) ?? null) : null;
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

  /** Maps what phone systems name (extensions, per-source ids, Zammad names) to agent ids. */
  identity(): IdentityIndex {
    return this.index;
  }

  /** Rebuilt on every write: agents are few and change rarely, calls are many. */
  private reindex(): void {
    this.index = new IdentityIndex([...this.agents.values()]);
  }
}
