import type { DialRepo } from '../store.js';
import { OPEN_DIALS, toDial, type DialRow } from '../dial-rows.js';
import type { PgDatabase } from './database.js';

export function pgDialRepo(db: PgDatabase): DialRepo {
  return {
    record: async (d) =>
      (
        await db.query<{ id: number }>(
          `INSERT INTO dials (agent_id, source, device, number_e164, callback_source, callback_call_id, requested_at, result)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
          [d.agentId, d.source, d.device, d.numberE164, d.callback?.source ?? null, d.callback?.callId ?? null, d.requestedAt, d.result],
        )
      ).rows[0]!.id,
    setResult: async (id, result) => {
      await db.query(`UPDATE dials SET result = $2 WHERE id = $1`, [id, result]);
    },
    open: async (source, e164, since) =>
      (
        await db.query<DialRow>(
          `SELECT * FROM dials WHERE source = $1 AND number_e164 = $2 AND requested_at >= $3 AND connected_at IS NULL AND result NOT LIKE 'failed%'
           ORDER BY requested_at DESC, id DESC LIMIT ${OPEN_DIALS}`,
          [source, e164, since],
        )
      ).rows.map(toDial),
    // Only the first answer connects: the row's own check, atomic in one statement.
    connect: async (id, callId, at) => ((await db.query(`UPDATE dials SET connected_call_id = $2, connected_at = $3 WHERE id = $1 AND connected_at IS NULL`, [id, callId, at])).rowCount ?? 0) > 0,
    purge: async (before) => (await db.query(`DELETE FROM dials WHERE requested_at < $1`, [before])).rowCount ?? 0,
    forNumbers: async (e164s) =>
      e164s.length === 0 ? [] : (await db.query<DialRow>(`SELECT * FROM dials WHERE number_e164 = ANY($1) ORDER BY requested_at DESC, id DESC`, [e164s])).rows.map(toDial),
    forgetNumbers: async (e164s) => (e164s.length === 0 ? 0 : ((await db.query(`DELETE FROM dials WHERE number_e164 = ANY($1)`, [e164s])).rowCount ?? 0)),
  };
}
