import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../store/sqlite/index.js';
import type { CallRecord, Store } from '../store/store.js';
import type { LogFields, Logger } from '../util/logger.js';
import { purgeCallsIfDue } from './retention.js';

// The daily purge of the call journal with the real SQLite store.

const DAY = 24 * 60 * 60 * 1000;
const NOW = new Date('2026-06-30T03:00:00.000Z');
const ago = (days: number, from = NOW) => new Date(from.getTime() - days * DAY).toISOString();

let store: Store;
let logged: Array<{ msg: string; fields?: LogFields }>;
let log: Logger;

beforeEach(() => {
  store = openSqliteStore(':memory:');
  logged = [];
  const none = () => {};
  log = { debug: none, warn: none, error: none, info: (msg, fields) => void logged.push({ msg, fields }) };
});
afterEach(async () => store.close());

/** A finished call with `events` journal events, started at `startedAt`. */
async function call(callId: string, startedAt: string, events = 2): Promise<void> {
  const record: CallRecord = {
    callId,
    linkedId: null,
    source: 'generic',
    direction: 'in',
    state: 'ended',
    outcome: 'answered',
    fromRaw: '+49 30 1234567',
    to: '21',
    namedTargets: [],
    agentIds: [],
    answeredBy: '21',
    answeredByAgentId: null,
    callerKind: 'number',
    callerE164: '+49301234567',
    cause: 'normalClearing',
    startedAt,
    answeredAt: startedAt,
    endedAt: startedAt,
    customerNo: null,
    callerName: null,
    callbackDoneAt: null,
    callbackDoneBy: null,
    callbackResolution: null,
  };
  for (let i = 0; i < events; i++) {
    await store.calls.record(record, { targets: null, payload: (id) => JSON.stringify({ id, callId }), at: startedAt });
  }
}

const callIds = async () => (await store.calls.list({ limit: 1000 })).map((c) => c.callId).sort();
const eventCallIds = async () =>
  (await store.calls.eventsAfter(0, '1970-01-01T00:00:00.000Z')).map((e) => (JSON.parse(e.payload) as { callId: string }).callId);

describe('purgeCallsIfDue', () => {
  it('deletes calls older than the retention period with their journal events, and keeps newer ones', async () => {
    await call('old', ago(31));
    await call('just-over', new Date(NOW.getTime() - 30 * DAY - 1).toISOString());
    await call('just-under', new Date(NOW.getTime() - 30 * DAY + 1000).toISOString());
    await call('recent', ago(1), 3);

    const deleted = await purgeCallsIfDue(store, 30, NOW, log);

    expect(deleted).toBe(2);
    expect(await callIds()).toEqual(['just-under', 'recent']);
    const events = await eventCallIds();
    expect(events.filter((id) => id === 'old' || id === 'just-over')).toEqual([]);
    expect(events.filter((id) => id === 'recent')).toHaveLength(3);
    expect(events.filter((id) => id === 'just-under')).toHaveLength(2);
  });

  it('logs how many calls went, without any number', async () => {
    await call('old', ago(100));
    await purgeCallsIfDue(store, 90, NOW, log);
    expect(logged).toEqual([{ msg: 'call journal purged', fields: { retentionDays: 90, deleted: 1 } }]);
    expect(JSON.stringify(logged)).not.toContain('1234567');
  });

  it('runs at most once a day and again after 24 hours', async () => {
    await call('a', ago(10));
    expect(await purgeCallsIfDue(store, 7, NOW, log)).toBe(1);

    // A restart an hour later: the day's purge already ran, even though there is something to delete.
    await call('b', ago(10));
    expect(await purgeCallsIfDue(store, 7, new Date(NOW.getTime() + 60 * 60 * 1000), log)).toBeNull();
    expect(await purgeCallsIfDue(store, 7, new Date(NOW.getTime() + DAY - 1), log)).toBeNull();
    expect(await callIds()).toEqual(['b']);

    expect(await purgeCallsIfDue(store, 7, new Date(NOW.getTime() + DAY), log)).toBe(1);
    expect(await callIds()).toEqual([]);
  });

  it('remembers the last run in the settings table', async () => {
    expect(await store.settings.get('retention_last_purge')).toBeNull();
    expect(await purgeCallsIfDue(store, 90, NOW, log)).toBe(0);
    expect(await store.settings.get('retention_last_purge')).toBe(NOW.toISOString());
    // A skipped run does not move the mark.
    await purgeCallsIfDue(store, 90, new Date(NOW.getTime() + 1000), log);
    expect(await store.settings.get('retention_last_purge')).toBe(NOW.toISOString());
    const later = new Date(NOW.getTime() + 2 * DAY);
    await purgeCallsIfDue(store, 90, later, log);
    expect(await store.settings.get('retention_last_purge')).toBe(later.toISOString());
  });

  it('does not repeat the purge after a restart on the same database file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ringside-retention-'));
    try {
      const file = join(dir, 'ringside.sqlite');
      const first = openSqliteStore(file);
      expect(await purgeCallsIfDue(first, 30, NOW, log)).toBe(0);
      await first.close();
      const second = openSqliteStore(file);
      expect(await purgeCallsIfDue(second, 30, new Date(NOW.getTime() + 5 * 60 * 1000), log)).toBeNull();
      expect(await purgeCallsIfDue(second, 30, new Date(NOW.getTime() + DAY), log)).toBe(0);
      await second.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('runs when the stored last run is unreadable', async () => {
    await store.settings.set('retention_last_purge', 'gestern');
    await call('old', ago(40));
    expect(await purgeCallsIfDue(store, 30, NOW, log)).toBe(1);
    expect(await store.settings.get('retention_last_purge')).toBe(NOW.toISOString());
  });

  it('uses the retention period it is given on each run (a changed setting applies the next day)', async () => {
    await call('d20', ago(20));
    await call('d5', ago(5));
    expect(await purgeCallsIfDue(store, 30, NOW, log)).toBe(0);
    const tomorrow = new Date(NOW.getTime() + DAY);
    expect(await purgeCallsIfDue(store, 3, tomorrow, log)).toBe(2);
    expect(await callIds()).toEqual([]);
  });
});
