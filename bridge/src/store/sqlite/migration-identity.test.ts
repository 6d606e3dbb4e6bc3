import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteStore } from './index.js';
import { migrations } from './migrations.js';

// Migration 4 translates what a database from before identity resolution holds: the calls'
// raw ringing identifiers and the journal's replayable targets become agent ids, by the
// identifiers stored then, so an upgraded bridge routes old calls like new ones.

describe('identity migration: calls and journal in agent ids', () => {
  let dir: string | undefined;
  afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));

  it('translates ringing targets, the taker and replayable events; unknown identifiers ring everyone', async () => {
    dir = mkdtempSync(join(tmpdir(), 'ringside-mig-'));
    const file = join(dir, 'old.sqlite');
    const old = new Database(file);
    // Everything before the identity migration, whatever its number once branches are merged.
    const identity = migrations.findIndex((m) => m.includes('ADD COLUMN agent_ids'));
    for (const sql of migrations.slice(0, identity)) old.exec(sql);
    old.pragma(`user_version = ${identity}`);
    old.exec(`
      INSERT INTO agents (id, name, token_hash, created_at) VALUES ('anna', 'Anna', 'h1', '2026-01-01'), ('ben', 'Ben', 'h2', '2026-01-01');
      INSERT INTO agent_identifiers VALUES ('anna', '*', '21'), ('anna', 'sipgate', 'w0'), ('ben', '*', '22');
      INSERT INTO calls (id, source, call_id, direction, state, outcome, agents, answered_by, started_at, callback_done_at)
      VALUES (1, 'sipgate', 's1', 'in', 'ended', 'answered', '["w0","22"]', 'w0', '2026-01-01T10:00:00Z', NULL),
             (2, 'generic', 'g1', 'in', 'ended', 'missed', '["w0"]', NULL, '2026-01-01T11:00:00Z', '2026-01-01T12:00:00Z'),
             (3, 'generic', 'g2', 'in', 'ringing', NULL, '[]', NULL, '2026-01-01T12:00:00Z', NULL);
      INSERT INTO call_events (call_row, source, targets, payload, created_at)
      VALUES (1, 'sipgate', '["w0","22"]', '{}', '2026-01-01T10:00:00Z'), (2, 'generic', '["w0"]', '{}', '2026-01-01T11:00:00Z'), (3, 'generic', NULL, '{}', '2026-01-01T12:00:00Z');
    `);
    old.close();

    const store = openSqliteStore(file);
    expect(await store.calls.get('sipgate', 's1')).toMatchObject({ namedTargets: ['w0', '22'], agentIds: ['anna', 'ben'], answeredByAgentId: 'anna' });
    // w0 is a sipgate id: from the generic source it names nobody, so the call rings everyone.
    expect(await store.calls.get('generic', 'g1')).toMatchObject({ agentIds: [], answeredByAgentId: null, callbackResolution: 'called-back' });
    expect(await store.calls.get('generic', 'g2')).toMatchObject({ agentIds: [], callerKind: null });
    const events = await store.calls.eventsAfter(0, '1970-01-01');
    expect(events.map((e) => e.targets?.slice().sort() ?? null)).toEqual([['anna', 'ben'], null, null]);
    await store.close();
  });
});
