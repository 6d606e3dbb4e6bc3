import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../bridge/src/store/sqlite/index.js';
import { AdminClient } from './helpers/admin-client.js';
import { BridgeProcess } from './helpers/bridge-process.js';
import { Radicale } from './helpers/radicale.js';

/**
 * Data sources end to end: a connector from the RINGSIDE_CONNECTORS file and one entered in the
 * console, run by the bridge ("sync now"), and `npm run sync` for cron, against Radicale.
 */

const ROOT = resolve(import.meta.dirname, '..');
const card = (n: number, last: string) =>
  ['BEGIN:VCARD', 'VERSION:3.0', `UID:konsole-${n}`, `N:${last};Jürgen;;Herr;`, `FN:Jürgen ${last}`, 'ORG:Köhler Dachbau GmbH', `TEL;TYPE=WORK:030 2312574-${20 + n}`, 'END:VCARD', ''].join('\r\n');

describe('data sources in the console and npm run sync', () => {
  let radicale: Radicale;
  let bridge: BridgeProcess;
  let admin: AdminClient;
  let dir: string;
  let file: string;

  beforeAll(async () => {
    radicale = await Radicale.start({ kontakte: Object.fromEntries([0, 1, 2, 3, 4].map((n) => [`k-${n}.vcf`, card(n, `Müller-${n}`)])) });
    dir = mkdtempSync(join(tmpdir(), 'ringside-connectors-'));
    file = join(dir, 'connectors.json');
    writeFileSync(
      file,
      JSON.stringify({
        connectors: [
          { id: 'office', kind: 'carddav', every: '1h', url: `${radicale.base}/anna/kontakte/`, username: 'anna', password: { env: 'DAV_PASSWORD' } },
          // A password inside the URL, as operations files sometimes have it: never shown.
          { id: 'erp', kind: 'sql', every: '1d', enabled: false, url: 'postgres://erp:Url-Geheim-7@127.0.0.1:9/erp', customers: 'SELECT 1 AS customerNo' },
        ],
      }),
    );
    bridge = await BridgeProcess.start({ env: { RINGSIDE_CONNECTORS: file, DAV_PASSWORD: radicale.password } });
    admin = await AdminClient.signIn(bridge);
  });
  afterAll(async () => {
    await bridge?.dispose();
    await radicale?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function lastRun(id: string): Promise<any> {
    for (;;) {
      const { connectors } = await admin.ok('GET', '/admin/api/connectors');
      const c = connectors.find((x: { id: string }) => x.id === id);
      if (c.lastRun && !c.running) return c;
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  it('shows the file connector read-only, names its variable, and never sends a password', async () => {
    const res = await admin.get('/admin/api/connectors');
    expect(res.status).toBe(200);
    expect(res.body.file).toBe(file);
    expect(res.body.connectors[0]).toMatchObject({ id: 'office', kind: 'carddav', fromFile: true, secrets: { password: { set: true, env: 'DAV_PASSWORD' } }, settings: { url: `${radicale.base}/anna/kontakte/`, username: 'anna' } });
    expect(res.body.connectors[1]).toMatchObject({ id: 'erp', settings: { url: 'postgres://erp:***@127.0.0.1:9/erp' }, secrets: { password: { set: true, env: null } } });
    expect(JSON.stringify(res.body)).not.toContain(radicale.password);
    expect(JSON.stringify(res.body)).not.toContain('Url-Geheim-7');
    const change = await admin.request('PUT', '/admin/api/connectors/office', { kind: 'carddav', every: '5m', url: 'https://example.org/dav/' });
    expect(change.status).toBe(409);
    expect(change.body.field).toBe('id');
  });

  it('"sync now" runs the file connector and the customers arrive', async () => {
    expect((await admin.request('POST', '/admin/api/connectors/office/run')).status).toBe(202);
    const c = await lastRun('office');
    expect(c.lastRun).toMatchObject({ ok: true, error: null, counts: { customers: { failed: 0, deleted: 0 } } });
    // The bridge may have run it on its own schedule just before: then this run found it unchanged.
    expect(c.lastRun.counts.customers.created + c.lastRun.counts.customers.unchanged).toBe(1);
    expect(c.nextRunAt).not.toBeNull();
    const { connectors } = await admin.ok('GET', '/admin/api/connectors');
    expect(connectors[0].lastRun.durationMs).toBeGreaterThanOrEqual(0);
    const found = await admin.ok('GET', '/admin/api/customers?q=Köhler');
    expect(found.results[0].contacts).toHaveLength(5);
  });

  it('takes a connector from the console, refuses a bad one naming the field, and words a failed run', async () => {
    const bad = await admin.request('POST', '/admin/api/connectors', { id: 'nc', kind: 'carddav', every: '15m', url: 'ftp://example.org' });
    expect(bad.status).toBe(400);
    expect(bad.body.field).toBe('url');
    const badEvery = await admin.request('POST', '/admin/api/connectors', { id: 'nc', kind: 'carddav', every: 'oft', url: 'https://example.org/' });
    expect(badEvery.body.field).toBe('every');
    const created = await admin.request('POST', '/admin/api/connectors', { id: 'nc', kind: 'carddav', every: '15m', url: `${radicale.base}/anna/kontakte/`, username: 'anna', password: 'falsch-geraten' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: 'nc', fromFile: false, secrets: { password: { set: true, env: null } } });
    expect(JSON.stringify(created.body)).not.toContain('falsch-geraten');
    await admin.ok('POST', '/admin/api/connectors/nc/run');
    const c = await lastRun('nc');
    expect(c.lastRun).toMatchObject({ ok: false, error: expect.stringMatching(/refused the user name or password/) });
    // Edited without a password: the stored one stays (and is still wrong).
    const edited = await admin.ok('PUT', '/admin/api/connectors/nc', { kind: 'carddav', every: '30m', url: `${radicale.base}/anna/kontakte/`, username: 'anna' });
    expect(edited).toMatchObject({ every: '30m', secrets: { password: { set: true } } });
    expect((await admin.request('DELETE', '/admin/api/connectors/nc')).status).toBe(204);
    expect((await admin.request('POST', '/admin/api/connectors/nc/run')).status).toBe(404);
  });

  it('"sync now" answers 409 and the list says "running elsewhere" while another process holds the connector', async () => {
    // Another process on the same database file (a second bridge, npm run sync) holding the lease.
    const other = openSqliteStore(bridge.dbFile);
    try {
      await lastRun('office');
      expect(await other.leases.acquire('sync:carddav-office', 'other-process', 600_000)).toBe(true);
      const refused = await admin.request('POST', '/admin/api/connectors/office/run');
      expect(refused.status).toBe(409);
      expect(refused.body).toMatchObject({ field: 'id', message: expect.stringContaining('running in another process or bridge') });
      const { connectors } = await admin.ok('GET', '/admin/api/connectors');
      expect(connectors[0]).toMatchObject({ id: 'office', running: false, runningElsewhere: true });
      await other.leases.release('sync:carddav-office', 'other-process');
      const { connectors: after } = await admin.ok('GET', '/admin/api/connectors');
      expect(after[0]).toMatchObject({ runningElsewhere: false });
    } finally {
      await other.close();
    }
  });

  function npmSync(env: Record<string, string>, ...args: string[]) {
    return spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'bridge/src/cli/sync.ts'), ...args], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, RINGSIDE_DB: join(dir, `cli-${Math.random()}.sqlite`), RINGSIDE_CONNECTORS: file, ...env },
    });
  }

  it('npm run sync runs once and exits 0, 1 on a failed run, 2 on a configuration error', () => {
    const ok = npmSync({ DAV_PASSWORD: radicale.password }, '--id', 'office');
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/^office: ok in \d+ ms: customers 1 new, 0 changed, 0 removed, 0 unchanged/);
    const failed = npmSync({ DAV_PASSWORD: 'falsch' }, '--id', 'office');
    expect(failed.status).toBe(1);
    expect(failed.stdout).toMatch(/office: FAILED after \d+ ms: .*refused the user name or password/);
    const missing = npmSync({ DAV_PASSWORD: '' });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('connectors.0.password: environment variable DAV_PASSWORD is not set');
    const unknown = npmSync({ DAV_PASSWORD: radicale.password }, '--id', 'nope');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('--id nope: no such connector (configured: office, erp)');
  });
});
