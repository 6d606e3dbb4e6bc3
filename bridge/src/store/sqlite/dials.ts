import { OPEN_DIALS, toDial, type DialRow } from '../dial-rows.js';
import type { DialRepo } from '../store.js';
import type { Db } from './database.js';

export function sqliteDialRepo(db: Db): DialRepo {
  const q = {
    insert: db.prepare(
      `INSERT INTO dials (agent_id, source, device, number_e164, callback_source, callback_call_id, requested_at, result)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    setResult: db.prepare(`UPDATE dials SET result = ? WHERE id = ?`),
    open: db.prepare(
      `SELECT * FROM dials WHERE source = ? AND number_e164 = ? AND requested_at >= ? AND connected_at IS NULL AND result NOT LIKE 'failed%'
       ORDER BY requested_at DESC, id DESC LIMIT ${OPEN_DIALS}`,
    ),
    connect: db.prepare(`UPDATE dials SET connected_call_id = ?, connected_at = ? WHERE id = ? AND connected_at IS NULL`),
    purge: db.prepare(`DELETE FROM dials WHERE requested_at < ?`),
    forget: db.prepare(`DELETE FROM dials WHERE number_e164 IN (SELECT value FROM json_each(?))`),
    forNumbers: db.prepare(`SELECT * FROM dials WHERE number_e164 IN (SELECT value FROM json_each(?)) ORDER BY requested_at DESC, id DESC`),
  };
  return {
    record: async (d) =>
      Number(q.insert.run(d.agentId, d.source, d.device, d.numberE164, d.callback?.source ?? null, d.callback?.callId ?? null, d.requestedAt, d.result).lastInsertRowid),
    setResult: async (id, result) => {
      q.setResult.run(result, id);
    },
    open: async (source, e164, since) => (q.open.all(source, e164, since) as DialRow[]).map(toDial),
    connect: async (id, callId, at) => q.connect.run(callId, at, id).changes > 0,
    purge: async (before) => q.purge.run(before).changes,
    forgetNumbers: async (e164s) => (e164s.length === 0 ? 0 : q.forget.run(JSON.stringify(e164s)).changes),
    forNumbers: async (e164s) => (e164s.length === 0 ? [] : (q.forNumbers.all(JSON.stringify(e164s)) as DialRow[]).map(toDial)),
  };
}
