/**
 * The "Datenquellen" page in Debian's Chromium against a real bridge and Radicale: a connector
 * from the RINGSIDE_CONNECTORS file (read-only) and one added in the form, "sync now", the run's
 * counts and a failed run's error in words; screenshots at 360, 400 and 460 px, at 200 % zoom,
 * German and English, without sideways scrolling.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { translator } from '../admin/src/i18n/i18n.js';
import { openSqliteStore } from '../bridge/src/store/sqlite/index.js';
import { ensureAdminBuilt, launchAdmin, type AdminBrowser } from './helpers/admin-browser.js';
import { ADMIN_TOKEN, BridgeProcess } from './helpers/bridge-process.js';
import { artifact } from './helpers/extension-browser.js';
import { Radicale } from './helpers/radicale.js';

/** Browser globals inside page.evaluate (the test tsconfig has no DOM lib). */
declare const document: any;

const card = (n: number) =>
  ['BEGIN:VCARD', 'VERSION:3.0', `UID:e2e-${n}`, `N:Schäfer-Oberländer;Hans-Jürgen ${n};;Herr Dr.;`, `FN:Dr. Hans-Jürgen ${n} Schäfer-Oberländer`, 'ORG:Größenwahn Straßenbau- und Tiefbaugesellschaft mbH & Co. KG', `TEL;TYPE=WORK:030 2312574-${30 + n}`, 'END:VCARD', ''].join('\r\n');

let radicale: Radicale;
let bridge: BridgeProcess;
let admin: AdminBrowser;
let page: Page;
let dir: string;

beforeAll(async () => {
  ensureAdminBuilt();
  radicale = await Radicale.start({ adressbuch: Object.fromEntries([0, 1, 2].map((n) => [`c-${n}.vcf`, card(n)])) });
  dir = mkdtempSync(join(tmpdir(), 'ringside-e2e-ds-'));
  const file = join(dir, 'connectors.json');
  writeFileSync(file, JSON.stringify({ connectors: [{ id: 'nextcloud-buero-hauptsitz', kind: 'carddav', every: '15m', url: `${radicale.base}/anna/adressbuch/`, username: 'anna', password: { env: 'DAV_PASSWORD' } }] }));
  bridge = await BridgeProcess.start({ env: { RINGSIDE_CONNECTORS: file, DAV_PASSWORD: radicale.password } });
  admin = await launchAdmin(bridge.base);
  page = admin.page;
}, 120_000);

afterEach(async ({ task }) => {
  if (task.result?.state !== 'fail' || !page) return;
  await page.screenshot({ path: artifact(`datasources-failed-${task.name.replace(/[^a-z0-9]+/gi, '-')}.png`), fullPage: true }).catch(() => undefined);
  console.error(`[e2e-datasources] bridge output:\n${bridge?.output.slice(-3000)}`);
});

afterAll(async () => {
  await admin?.close();
  await bridge?.dispose();
  await radicale?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function noSidewaysScroll(): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

describe('data sources page in Chromium', () => {
  it('runs the file connector, adds a failing SQL source, and shows both in plain words', async () => {
    const { t } = admin;
    await page.locator('#admin-token').fill(ADMIN_TOKEN);
    await page.locator('#sign-in').click();
    await page.locator('nav a[href="#datasources"]').click();
    await page.locator('nav a[href="#datasources"][aria-current="page"]').waitFor({ timeout: 10_000 });
    expect(await page.locator('h1').innerText()).toBe('Datenquellen');

    const office = page.locator('article[data-connector="nextcloud-buero-hauptsitz"]');
    await office.waitFor({ timeout: 10_000 });
    expect(await office.locator('.badge').innerText()).toBe(t('ds_from_file'));
    expect(await office.locator('[data-action="edit"]').count()).toBe(0);
    await office.locator('[data-action="run"]').click();
    await expect.poll(() => office.locator('.counts').innerText(), { timeout: 20_000 }).toMatch(/Kunden: \d neu, 0 geändert, 0 entfernt, \d unverändert/);

    await page.locator('[data-action="add"]').click();
    await page.locator('#ds-kind').selectOption('sql');
    expect(await page.locator('#ds-username').isVisible()).toBe(false);
    await page.locator('#ds-id').fill('warenwirtschaft');
    await page.locator('#ds-url').fill('postgres://erp_lesen@127.0.0.1:9/erp');
    await page.locator('#ds-password').fill('geheim');
    await page.locator('#ds-customers').fill('SELECT kdnr AS customerNo, firma AS company FROM kunden');
    await page.locator('#ds-save').click();
    const erp = page.locator('article[data-connector="warenwirtschaft"]');
    await erp.waitFor({ timeout: 10_000 });
    await erp.locator('[data-action="run"]').click();
    await expect.poll(() => erp.locator('.run-error').innerText(), { timeout: 20_000 }).toMatch(/connection refused/);
    expect(await erp.locator('.run-error .error-kind').innerText()).toBe(t('ds_err_unreachable'));

    // A bad interval is named at its field by the bridge.
    await erp.locator('[data-action="edit"]').click();
    await page.locator('#ds-every').fill('ständig');
    await page.locator('#ds-save').click();
    await expect.poll(() => page.locator('[data-field="every"] .field-error').innerText(), { timeout: 10_000 }).toMatch(/15m/);
    await page.locator('#ds-form [data-action="cancel"]').click();
  });

  it('fits 360, 400 and 460 px and 200 % zoom, in German and English', async () => {
    // The file connector is being run by another process on the bridge's database (npm run sync
    // from cron): the page says so, and "sync now" waits.
    const other = openSqliteStore(bridge.dbFile);
    expect(await other.leases.acquire('sync:carddav-nextcloud-buero-hauptsitz', 'npm-run-sync', 600_000)).toBe(true);
    const office = page.locator('article[data-connector="nextcloud-buero-hauptsitz"]');
    try {
      for (const lang of ['de', 'en'] as const) {
        await page.locator('#language').selectOption(lang);
        await page.locator('h1').filter({ hasText: translator(lang)('ds_title') }).waitFor({ timeout: 10_000 });
        await expect.poll(() => office.locator('.message.info').innerText(), { timeout: 10_000 }).toBe(translator(lang)('ds_running_elsewhere'));
        expect(await office.locator('[data-action="run"]').isDisabled()).toBe(true);
        for (const width of [360, 400, 460]) {
          await page.setViewportSize({ width, height: 900 });
          await noSidewaysScroll();
          await page.screenshot({ path: artifact(`datasources-${lang}-${width}.png`), fullPage: true });
        }
        // 200 % zoom of a 920 px window is what a 460 px window shows.
        await page.setViewportSize({ width: 920, height: 900 });
        await page.evaluate(() => (document.body.style.zoom = '2'));
        await page.screenshot({ path: artifact(`datasources-${lang}-zoom200.png`), fullPage: true });
        await page.evaluate(() => (document.body.style.zoom = ''));
      }
    } finally {
      await other.leases.release('sync:carddav-nextcloud-buero-hauptsitz', 'npm-run-sync');
      await other.close();
    }
    await expect.poll(() => office.locator('[data-action="run"]').isDisabled(), { timeout: 10_000 }).toBe(false);
    await page.locator('[data-action="add"]').click();
    await page.locator('#ds-kind').selectOption('ldap');
    await page.setViewportSize({ width: 360, height: 900 });
    await noSidewaysScroll();
    await page.screenshot({ path: artifact('datasources-en-360-ldap-form.png'), fullPage: true });
  });
});
