import type { LeaseRepo } from '../store.js';
import type { PgDatabase } from './database.js';

/**
 * Leases shared by every bridge on this database. Expiry is by the server's clock, so bridges
 * whose clocks differ still agree on when a crashed holder's lease has run out.
 */
export function pgLeaseRepo(db: PgDatabase): LeaseRepo {
  return {
    // ON CONFLICT locks the row and checks the condition on its newest version: of two bridges
    // taking a free lease at once, one inserts and the other finds it held.
    acquire: async (name, holder, ttlMs) =>
      (
        await db.query(
          `INSERT INTO leases (name, holder, expires_at) VALUES ($1, $2, clock_timestamp() + $3 * interval '1 millisecond')
           ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
           WHERE leases.holder = excluded.holder OR leases.expires_at <= clock_timestamp()`,
          [name, holder, ttlMs],
        )
      ).rowCount === 1,
    renew: async (name, holder, ttlMs) =>
      (await db.query(`UPDATE leases SET expires_at = clock_timestamp() + $3 * interval '1 millisecond' WHERE name = $1 AND holder = $2`, [name, holder, ttlMs]))
        .rowCount === 1,
    release: async (name, holder) => {
      await db.query(`DELETE FROM leases WHERE name = $1 AND holder = $2`, [name, holder]);
    },
    holder: async (name) =>
      (await db.query<{ holder: string }>(`SELECT holder FROM leases WHERE name = $1 AND expires_at > clock_timestamp()`, [name])).rows[0]?.holder ?? null,
  };
}
