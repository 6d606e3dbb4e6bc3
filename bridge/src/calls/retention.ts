import type { Store } from '../store/store.js';
import type { Logger } from '../util/logger.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const LAST_PURGE_KEY = 'retention_last_purge';

/**
 * The call journal holds callers' numbers and names: calls older than the retention period
 * are deleted once a day. The last run is stored, so restarts neither skip nor repeat a day.
 */
export async function purgeCallsIfDue(store: Store, retentionDays: number, now: Date, log: Logger): Promise<number | null> {
  const last = await store.settings.get(LAST_PURGE_KEY);
  if (last && now.getTime() - Date.parse(last) < DAY_MS) return null;
  const before = new Date(now.getTime() - retentionDays * DAY_MS).toISOString();
  const deleted = await store.calls.purgeCalls(before);
  // Dials the bridge started hold the callee's number: same retention as the calls.
  await store.dials.purge(before);
  await store.settings.set(LAST_PURGE_KEY, now.toISOString());
  log.info('call journal purged', { retentionDays, deleted });
  return deleted;
}
