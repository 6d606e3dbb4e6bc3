import type { AgentRecord, AgentRepo } from '../store.js';
import type { Db } from './database.js';

interface AgentRow {
  id: string;
  name: string;
  email: string | null;
  created_at: string;
  extensions: string | null;
}

const SELECT = `
  SELECT a.id, a.name, a.email, a.created_at,
         (SELECT json_group_array(identifier) FROM agent_extensions e WHERE e.agent_id = a.id) AS extensions
  FROM agents a`;

const toAgent = (r: AgentRow): AgentRecord => ({
  id: r.id,
  name: r.name,
  email: r.email,
  extensions: r.extensions ? (JSON.parse(r.extensions) as string[]) : [],
  createdAt: r.created_at,
});

export function sqliteAgentRepo(db: Db): AgentRepo {
  const q = {
    insert: db.prepare(`INSERT INTO agents (id, name, email, token_hash, created_at) VALUES (?, ?, ?, ?, ?)`),
    insertExtension: db.prepare(`INSERT OR IGNORE INTO agent_extensions (agent_id, identifier) VALUES (?, ?)`),
    list: db.prepare(`${SELECT} ORDER BY a.name, a.id`),
    get: db.prepare(`${SELECT} WHERE a.id = ?`),
    byTokenHash: db.prepare(`${SELECT} WHERE a.token_hash = ?`),
    delete: db.prepare(`DELETE FROM agents WHERE id = ?`),
  };
  const create = db.transaction((a: { id: string; name: string; email: string | null; extensions: string[]; tokenHash: string }) => {
    q.insert.run(a.id, a.name, a.email, a.tokenHash, new Date().toISOString());
    for (const ext of a.extensions) q.insertExtension.run(a.id, ext);
    return toAgent(q.get.get(a.id) as AgentRow);
  });
  const one = (row: unknown) => (row ? toAgent(row as AgentRow) : null);
  return {
    create: async (a) => create(a),
    list: async () => (q.list.all() as AgentRow[]).map(toAgent),
    get: async (id) => one(q.get.get(id)),
    byTokenHash: async (hash) => one(q.byTokenHash.get(hash)),
    delete: async (id) => q.delete.run(id).changes > 0,
  };
}
