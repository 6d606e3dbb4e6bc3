import type { AgentRecord, AgentRepo, AgentUpdate, NewAgent } from '../store.js';
import type { PgDatabase, Queryable } from './database.js';

interface AgentRow {
  id: string;
  name: string;
  email: string | null;
  created_at: string;
  identifiers: [string, string][];
  dial_devices: Record<string, string>;
}

/** '*' in the source column: the identifier rings the agent whatever system reports the call. */
const ANY_SOURCE = '*';

// Identifiers in key order: SQLite reads them through the primary key index, in the same order.
const SELECT = `
  SELECT a.id, a.name, a.email, a.created_at, a.dial_devices,
         COALESCE((SELECT json_agg(json_build_array(i.source, i.identifier) ORDER BY i.source, i.identifier)
                   FROM agent_identifiers i WHERE i.agent_id = a.id), '[]'::json) AS identifiers
  FROM agents a`;

function toAgent(r: AgentRow): AgentRecord {
  const extensions: string[] = [];
  const identifiers: Record<string, string[]> = {};
  for (const [source, id] of r.identifiers) {
    if (source === ANY_SOURCE) extensions.push(id);
    else (identifiers[source] ??= []).push(id);
  }
  return { id: r.id, name: r.name, email: r.email, extensions, identifiers, dialDevices: r.dial_devices, createdAt: r.created_at };
}

async function insertIdentifiers(c: Queryable, agentId: string, pairs: [string, string][]): Promise<void> {
  if (pairs.length === 0) return;
  await c.query(
    `INSERT INTO agent_identifiers (agent_id, source, identifier)
     SELECT $1, p.source, p.identifier FROM unnest($2::text[], $3::text[]) AS p(source, identifier)
     ON CONFLICT DO NOTHING`,
    [agentId, pairs.map((p) => p[0]), pairs.map((p) => p[1])],
  );
}

const sourcePairs = (identifiers: Record<string, string[]>): [string, string][] =>
  Object.entries(identifiers).flatMap(([source, ids]) => ids.map((id): [string, string] => [source, id]));

export function pgAgentRepo(db: PgDatabase): AgentRepo {
  const one = async (c: Queryable, where: string, value: string): Promise<AgentRecord | null> => {
    const r = (await c.query<AgentRow>(`${SELECT} WHERE ${where} = $1`, [value])).rows[0];
    return r ? toAgent(r) : null;
  };

  return {
    create: (a: NewAgent) =>
      db.tx(async (t) => {
        await t.query(`INSERT INTO agents (id, name, email, token_hash, created_at, dial_devices) VALUES ($1, $2, $3, $4, $5, $6)`, [
          a.id,
          a.name,
          a.email,
          a.tokenHash,
          new Date().toISOString(),
          JSON.stringify(a.dialDevices ?? {}),
        ]);
        await insertIdentifiers(t, a.id, [...a.extensions.map((e): [string, string] => [ANY_SOURCE, e]), ...sourcePairs(a.identifiers)]);
        return (await one(t, 'a.id', a.id))!;
      }),
    list: async () => (await db.query<AgentRow>(`${SELECT} ORDER BY a.name, a.id`)).rows.map(toAgent),
    get: (id) => one(db, 'a.id', id),
    byTokenHash: (hash) => one(db, 'a.token_hash', hash),
    update: (id, patch: AgentUpdate) =>
      db.tx(async (t) => {
        if ((await t.query(`SELECT 1 FROM agents WHERE id = $1 FOR UPDATE`, [id])).rowCount === 0) return null;
        if (patch.name !== undefined) await t.query(`UPDATE agents SET name = $2 WHERE id = $1`, [id, patch.name]);
        if (patch.email !== undefined) await t.query(`UPDATE agents SET email = $2 WHERE id = $1`, [id, patch.email]);
        if (patch.dialDevices) await t.query(`UPDATE agents SET dial_devices = $2 WHERE id = $1`, [id, JSON.stringify(patch.dialDevices)]);
        if (patch.extensions) {
          await t.query(`DELETE FROM agent_identifiers WHERE agent_id = $1 AND source = '${ANY_SOURCE}'`, [id]);
          await insertIdentifiers(t, id, patch.extensions.map((e): [string, string] => [ANY_SOURCE, e]));
        }
        if (patch.identifiers) {
          await t.query(`DELETE FROM agent_identifiers WHERE agent_id = $1 AND source <> '${ANY_SOURCE}'`, [id]);
          await insertIdentifiers(t, id, sourcePairs(patch.identifiers));
        }
        return one(t, 'a.id', id);
      }),
    setTokenHash: async (id, hash) => (await db.query(`UPDATE agents SET token_hash = $2 WHERE id = $1`, [id, hash])).rowCount! > 0,
    delete: async (id) => (await db.query(`DELETE FROM agents WHERE id = $1`, [id])).rowCount! > 0,
  };
}
