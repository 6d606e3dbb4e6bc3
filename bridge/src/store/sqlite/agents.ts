import type { AgentRecord, AgentRepo, AgentUpdate, NewAgent } from '../store.js';
import type { Db } from './database.js';

interface AgentRow {
  id: string;
  name: string;
  email: string | null;
  created_at: string;
  identifiers: string | null;
  dial_devices: string;
}

/** '*' in the source column: the identifier rings the agent whatever system reports the call. */
const ANY_SOURCE = '*';

const SELECT = `
  SELECT a.id, a.name, a.email, a.created_at, a.dial_devices,
         (SELECT json_group_array(json_array(source, identifier)) FROM agent_identifiers i WHERE i.agent_id = a.id) AS identifiers
  FROM agents a`;

function toAgent(r: AgentRow): AgentRecord {
  const pairs = r.identifiers ? (JSON.parse(r.identifiers) as [string, string][]) : [];
  const extensions: string[] = [];
  const identifiers: Record<string, string[]> = {};
  for (const [source, id] of pairs) {
    if (source === ANY_SOURCE) extensions.push(id);
    else (identifiers[source] ??= []).push(id);
  }
  return { id: r.id, name: r.name, email: r.email, extensions, identifiers, dialDevices: readDevices(r.dial_devices), createdAt: r.created_at };
}

function readDevices(text: string): Record<string, string> {
  try {
    const v = JSON.parse(text) as unknown;
    return typeof v === 'object' && v !== null ? (v as Record<string, string>) : {};
  } catch {
    return {};
  }
}

export function sqliteAgentRepo(db: Db): AgentRepo {
  const q = {
    insert: db.prepare(`INSERT INTO agents (id, name, email, token_hash, created_at, dial_devices) VALUES (?, ?, ?, ?, ?, ?)`),
    setDialDevices: db.prepare(`UPDATE agents SET dial_devices = ? WHERE id = ?`),
    insertIdentifier: db.prepare(`INSERT OR IGNORE INTO agent_identifiers (agent_id, source, identifier) VALUES (?, ?, ?)`),
    list: db.prepare(`${SELECT} ORDER BY a.name, a.id`),
    get: db.prepare(`${SELECT} WHERE a.id = ?`),
    byTokenHash: db.prepare(`${SELECT} WHERE a.token_hash = ?`),
    delete: db.prepare(`DELETE FROM agents WHERE id = ?`),
    rename: db.prepare(`UPDATE agents SET name = ? WHERE id = ?`),
    setEmail: db.prepare(`UPDATE agents SET email = ? WHERE id = ?`),
    setTokenHash: db.prepare(`UPDATE agents SET token_hash = ? WHERE id = ?`),
    clearAnySource: db.prepare(`DELETE FROM agent_identifiers WHERE agent_id = ? AND source = '${ANY_SOURCE}'`),
    clearSources: db.prepare(`DELETE FROM agent_identifiers WHERE agent_id = ? AND source <> '${ANY_SOURCE}'`),
  };
  const create = db.transaction((a: NewAgent) => {
    q.insert.run(a.id, a.name, a.email, a.tokenHash, new Date().toISOString(), JSON.stringify(a.dialDevices ?? {}));
    for (const ext of a.extensions) q.insertIdentifier.run(a.id, ANY_SOURCE, ext);
    for (const [source, ids] of Object.entries(a.identifiers)) for (const id of ids) q.insertIdentifier.run(a.id, source, id);
    return toAgent(q.get.get(a.id) as AgentRow);
  });
  const update = db.transaction((id: string, patch: AgentUpdate) => {
    if (!q.get.get(id)) return null;
    if (patch.name !== undefined) q.rename.run(patch.name, id);
    if (patch.email !== undefined) q.setEmail.run(patch.email, id);
    if (patch.dialDevices) q.setDialDevices.run(JSON.stringify(patch.dialDevices), id);
    if (patch.extensions) {
      q.clearAnySource.run(id);
      for (const ext of patch.extensions) q.insertIdentifier.run(id, ANY_SOURCE, ext);
    }
    if (patch.identifiers) {
      q.clearSources.run(id);
      for (const [source, ids] of Object.entries(patch.identifiers)) for (const ident of ids) q.insertIdentifier.run(id, source, ident);
    }
    return toAgent(q.get.get(id) as AgentRow);
  });
  const one = (row: unknown) => (row ? toAgent(row as AgentRow) : null);
  return {
    create: async (a) => create(a),
    list: async () => (q.list.all() as AgentRow[]).map(toAgent),
    get: async (id) => one(q.get.get(id)),
    byTokenHash: async (hash) => one(q.byTokenHash.get(hash)),
    update: async (id, patch) => update(id, patch),
    setTokenHash: async (id, hash) => q.setTokenHash.run(hash, id).changes > 0,
    delete: async (id) => q.delete.run(id).changes > 0,
  };
}
