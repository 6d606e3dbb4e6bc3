import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSync, SyncBusyError } from '../bridge/src/sync/index.js';
import { closeHarnesses, connectorHarness } from './helpers/connector-harness.js';
import { FaultProxy } from './helpers/fault-proxy.js';
import { Radicale } from './helpers/radicale.js';
import { dumpStore } from './helpers/store-dump.js';

/**
 * One connector, several processes on one database: the bridge, a second bridge, and
 * `npm run sync` from cron. Each is its own store handle on the same SQLite file, with its own
 * locks and runner, as separate processes have. Exactly one of them runs a connector at a time;
 * the store's lease decides, not timing: the first run is held inside its write until the test
 * lets it go.
 */

const ROOT = resolve(import.meta.dirname, '..');
const run = promisify(execFile);
const card = (n: number) =>
  ['BEGIN:VCARD', 'VERSION:3.0', `UID:lauf-${n}`, `N:Weiß-${n};Käthe;;Frau;`, `FN:Käthe Weiß-${n}`, 'ORG:Bäckerei Weiß KG', `TEL;TYPE=WORK:089 4711000-${10 + n}`, 'END:VCARD', ''].join('\r\n');

/** A gate a run waits at, inside its write: opened by the test. */
function gate() {
  let open!: () => void;
  let arrived!: () => void;
  const opened = new Promise<void>((r) => (open = r));
  const reached = new Promise<void>((r) => (arrived = r));
  return {
    open,
    reached,
    wait: async () => {
      arrived();
      await opened;
    },
  };
}

/** `npm run sync` as cron starts it, on the same database file. */
async function npmSync(file: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', join(ROOT, 'bridge/src/cli/sync.ts')], {
      cwd: ROOT,
      env: { ...process.env, RINGSIDE_DB: file, RINGSIDE_CONNECTORS: '' },
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('one run of a connector at a time, across processes', () => {
  let radicale: Radicale;
  beforeAll(async () => {
    radicale = await Radicale.start({ kontakte: Object.fromEntries([0, 1, 2].map((n) => [`k-${n}.vcf`, card(n)])) });
  });
  afterAll(async () => {
    await closeHarnesses();
    await radicale?.stop();
  });
  const connector = (id: string) => ({ id, kind: 'carddav' as const, every: '1h', url: `${radicale.base}/${radicale.user}/kontakte/`, username: radicale.user, password: radicale.password });

  it('refuses a second bridge while the first runs, shows it as running elsewhere, and lets it run afterwards', async () => {
    const bridgeA = await connectorHarness(connector('office'));
    const bridgeB = await connectorHarness({ file: bridgeA.file, id: 'office' });
    const held = gate();
    bridgeA.setTap(held.wait);
    const first = bridgeA.run();
    await held.reached;

    await expect(bridgeB.runner.run('office')).rejects.toSatisfy((e) => e instanceof SyncBusyError && e.elsewhere);
    await expect(bridgeB.runner.begin('office')).rejects.toBeInstanceOf(SyncBusyError);
    await bridgeB.runner.refresh();
    expect(bridgeB.runner.isRunningElsewhere('office')).toBe(true);
    expect(bridgeB.runner.isRunning('office')).toBe(false);
    // /api/sync on the second bridge for the connector's source: refused too (HTTP 409).
    await expect(runSync({ store: bridgeB.store, numbering: { country: 'DE', trunkPrefix: null }, locks: bridgeB.locks }, { source: 'carddav-office', full: true }, [])).rejects.toSatisfy(
      (e) => e instanceof SyncBusyError && e.elsewhere,
    );
    // Nothing of the refused attempts was recorded as a run.
    expect(bridgeB.runner.lastRun('office')).toBeNull();

    held.open();
    const done = await first;
    expect(done.view).toMatchObject({ ok: true, counts: { customers: { created: 1 } } });
    bridgeA.setTap(null);

    // The second bridge sees the first one's result, and may run now.
    await bridgeB.runner.refresh();
    expect(bridgeB.runner.isRunningElsewhere('office')).toBe(false);
    expect(bridgeB.runner.lastRun('office')).toEqual(done.view);
    const second = await bridgeB.run();
    expect(second.view).toMatchObject({ ok: true, counts: { customers: { created: 0, unchanged: 1 } } });
  });

  it('starts a scheduled run on one bridge only: the other finds it done and leaves it', async () => {
    const bridgeA = await connectorHarness(connector('scheduled'));
    const bridgeB = await connectorHarness({ file: bridgeA.file, id: 'scheduled' });
    // Both were due; A got there first.
    const byA = await bridgeA.run();
    expect(byA.view.ok).toBe(true);
    const byB = await (await bridgeB.runner.begin('scheduled', { onlyIfDue: true })).done;
    expect(byB).toEqual(byA.view);
    expect(bridgeB.log.calls.filter((c) => c.msg === 'connector run')).toHaveLength(0);
    // Its next run is an interval after A's run, not now.
    expect(Date.parse(bridgeB.runner.nextRunAt('scheduled')!)).toBe(Date.parse(byA.view.startedAt) + 3_600_000);
  });

  it('npm run sync skips a connector the bridge is running and exits 3; afterwards it runs and exits 0', async () => {
    const bridge = await connectorHarness(connector('cron'));
    const held = gate();
    bridge.setTap(held.wait);
    const running = bridge.run();
    await held.reached;
    const skipped = await npmSync(bridge.file);
    expect(skipped.stdout).toMatch(/^cron: SKIPPED: it is running in the bridge or another npm run sync right now/);
    expect(skipped.code).toBe(3);
    held.open();
    expect((await running).view.ok).toBe(true);

    const after = await npmSync(bridge.file);
    expect(after.stdout).toMatch(/^cron: ok in \d+ ms: customers 0 new, 0 changed, 0 removed, 1 unchanged/);
    expect(after.code).toBe(0);
  });

  it('changes nothing when the CardDAV server answers 500 to the second multiget of a run', async () => {
    // 150 cards: more than one addressbook-multiget (100 hrefs each), behind a proxy that fails one.
    const cards = Object.fromEntries(Array.from({ length: 150 }, (_, n) => [`m-${n}.vcf`, card(100 + n)]));
    const big = await Radicale.start({ gross: cards });
    const proxy = await FaultProxy.start(big.base);
    try {
      const h = await connectorHarness({ ...connector('dav'), url: `${proxy.base}/${big.user}/gross/` });
      expect((await h.run()).view).toMatchObject({ ok: true, counts: { customers: { created: 1 } } });
      // The next run fetches every card again (no state) and would see one changed card.
      await h.store.settings.set('connector-state:dav', 'null');
      await big.put(`/${big.user}/gross/m-7.vcf`, card(100 + 7).replace('Frau', 'Dr.'));
      const before = dumpStore(h.file);
      proxy.failOn('addressbook-multiget', 2);
      const failed = await h.run();
      expect(failed.view.ok).toBe(false);
      expect(failed.view.error).toMatch(/500/);
      expect(failed.pulled).toBeNull();
      expect(dumpStore(h.file)).toEqual(before);
      proxy.failOn('', 0);
      expect((await h.run()).view).toMatchObject({ ok: true, counts: { customers: { updated: 1 } } });
    } finally {
      await proxy.stop();
      await big.stop();
    }
  });
});
