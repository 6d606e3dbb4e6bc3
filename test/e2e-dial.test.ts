/**
 * Click-to-dial end to end in Chromium: the built extension, a real bridge, a fake Fritz!Box
 * (TR-064 with digest auth) and a fake Fritz!Box call monitor. Clicking the call button on a
 * missed call in the side panel makes the box dial that number from the agent's port; the box's
 * report that the callee answered takes the call off the callback list.
 */
import { existsSync, rmSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureAdminBuilt, launchAdmin } from './helpers/admin-browser.js';
import { ADMIN_TOKEN, type BridgeProcess } from './helpers/bridge-process.js';
import { BOX_PASSWORD, startDialBench, waitFor, type DialBench } from './helpers/dial-bridge.js';
import { artifact, CHROMIUM, copyExtension, ensureExtensionBuilt, launchExtension, type ExtensionBrowser } from './helpers/extension-browser.js';
import { seedWelterDach } from './helpers/extension-fixtures.js';
import type { FakeCallMonitor, FakeFritzbox } from './helpers/fake-dial-servers.js';

declare const chrome: any;
declare const document: any;

let bench: DialBench;
let bridge: BridgeProcess;
let browser: ExtensionBrowser;
let box: FakeFritzbox;
let monitor: FakeCallMonitor;
let anna: { id: string; token: string };
let extensionCopy: string;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: apt-get install -y chromium (or set RINGSIDE_CHROMIUM)`);
  const dist = ensureExtensionBuilt('chromium');
  ensureAdminBuilt();
  bench = await startDialBench({ RINGSIDE_DIAL_FRITZBOX_PASSWORD: BOX_PASSWORD });
  ({ box, monitor, bridge } = bench);
  anna = await bridge.expectOk('POST', '/api/agents', { name: 'Anna', extensions: ['21'], identifiers: { fritzbox: ['1'] }, dialDevices: { fritzbox: 'FON2: Büro Anna' } });
  await seedWelterDach(bridge);
  extensionCopy = copyExtension(dist);
  browser = await launchExtension(extensionCopy);
  const options = await browser.open('options.html');
  await options.locator('#bridgeUrl').fill(bridge.base);
  await options.locator('#agentToken').fill(anna.token);
  await options.locator('#save').click();
  await waitFor('pairing', async () => (await options.locator('#result').innerText()) === browser.t('test_ok', 'Anna'));
  await options.close();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await bench?.close();
  if (extensionCopy) rmSync(extensionCopy, { recursive: true, force: true });
});

async function shoot(page: Page, name: string): Promise<void> {
  for (const width of [360, 400, 460]) {
    await page.setViewportSize({ width, height: 800 });
    await page.screenshot({ path: artifact(`${name}-${width}.png`), fullPage: true });
  }
  await page.evaluate(() => (document.body.style.zoom = '2'));
  await page.setViewportSize({ width: 800, height: 1000 });
  await page.screenshot({ path: artifact(`${name}-400-zoom200.png`), fullPage: true });
  await page.evaluate(() => (document.body.style.zoom = '1'));
}

describe('click-to-dial in Chromium', () => {
  it('calls a missed caller back from the side panel, and the answer closes the callback', async () => {
    const { t } = browser;
    // Frau Quellmalz's direct dial rang the box and nobody picked up.
    monitor.send('RING;0;030231257421;9876543;SIP1;');
    monitor.send('DISCONNECT;0;0;');
    await waitFor('the missed call', async () => ((await bridge.expectOk('GET', '/api/me/calls?scope=missed', undefined, anna.token)).calls as unknown[]).length === 1);

    const panel = await browser.open('sidepanel.html');
    const entry = panel.locator('#missed .call-entry').first();
    await entry.waitFor({ state: 'visible', timeout: 15_000 });
    const button = entry.locator('button[data-action="dial"]');
    await waitFor('the call button (the agent can dial)', async () => (await button.count()) === 1);
    const display = (await button.getAttribute('data-display'))!;
    expect(display.replace(/\D/g, '')).toBe('030231257421');
    expect(await button.getAttribute('aria-label')).toBe(t('dial_button_label', display));

    await button.click();
    const feedback = entry.locator('.dial-feedback');
    await expect.poll(() => feedback.innerText(), { timeout: 15_000 }).toBe(t('dial_ringing', display));
    expect(box.dials).toEqual([{ port: 'FON2: Büro Anna', number: '030231257421' }]);
    await shoot(panel, 'dial-sidepanel');

    // The box reports Anna's outgoing call from extension 1, then that the callee picked up.
    monitor.send('CALL;1;1;9876543;030231257421;SIP0;');
    monitor.send('CONNECT;1;1;030231257421;');
    await waitFor('the callback list to empty', async () => {
      await panel.locator('#refresh').click();
      return (await panel.locator('#missed .call-entry').count()) === 0;
    });
    monitor.send('DISCONNECT;1;30;');
    await panel.close();
  });

  it('offers a call button beside the numbers in search results', async () => {
    const panel = await browser.open('sidepanel.html');
    await panel.locator('#search').fill('Welter');
    const button = panel.locator('#search-results button[data-action="dial"]').first();
    await button.waitFor({ state: 'visible', timeout: 15_000 });
    const before = box.dials.length;
    await button.click();
    const feedback = panel.locator('#search-results .dial-feedback.ok').first();
    await feedback.waitFor({ state: 'visible', timeout: 15_000 });
    expect(await feedback.innerText()).toMatch(/030/);
    expect(box.dials.length).toBe(before + 1);
    await shoot(panel, 'dial-search');
    await panel.close();
  });

  it('dials a tel: link handed to Ringside, and names why it cannot dial', async () => {
    const { t } = browser;
    const page = await browser.open(`dial.html?uri=${encodeURIComponent('tel:+49-30-2312574')}`);
    await expect.poll(() => page.locator('.dial-feedback').innerText(), { timeout: 15_000 }).toBe(t('dial_ringing', '030 2312574'));
    expect(box.dials.at(-1)).toEqual({ port: 'FON2: Büro Anna', number: '0302312574' });
    await page.screenshot({ path: artifact('dial-page.png') });
    await page.close();

    const internal = await browser.open(`dial.html?number=${encodeURIComponent('21')}`);
    expect(await internal.locator('.dial-feedback').innerText()).toBe(t('dial_not_a_number', '21'));
    await internal.close();

    box.answer = '606';
    const refused = await browser.open(`dial.html?number=${encodeURIComponent('030 2312574')}`);
    await expect.poll(() => refused.locator('.dial-feedback').innerText(), { timeout: 15_000 }).toBe(t('dial_error_auth'));
    // Opened from selected text (not a tel: link), the page offers the computer's own phone app.
    expect(await refused.locator('a[href^="tel:"]').count()).toBe(1);
    await refused.close();
    box.answer = 'ok';
  });

  it('offers "Call with Ringside" on selected text', async () => {
    const worker = await browser.serviceWorker();
    const items = await worker.evaluate(async () => {
      // The menu exists once onInstalled ran; updating an unknown id fails, so this checks it is there.
      return new Promise<unknown>((resolve) => chrome.contextMenus.update('ringside-dial-selection', {}, () => resolve(chrome.runtime.lastError?.message ?? 'ok')));
    });
    expect(items).toBe('ok');
  });

  it('the console\'s test dial shows the box\'s answer in plain words', async () => {
    const admin = await launchAdmin(bridge.base);
    try {
      const { page, t } = admin;
      await page.locator('#admin-token').fill(ADMIN_TOKEN);
      await page.locator('#sign-in').click();
      const section = page.locator('section[data-dial-source="fritzbox"]');
      await section.waitFor({ timeout: 15_000 });
      expect(await section.locator('.dial-ready').innerText()).toBe(t('dial_ready'));
      // The password came from the environment: named, never shown.
      expect(await section.innerText()).toContain('RINGSIDE_DIAL_FRITZBOX_PASSWORD');
      expect(await page.content()).not.toContain(BOX_PASSWORD);
      await section.locator('summary').click();
      await section.locator('input[name="number"]').fill('+49 30 2312574');
      await section.locator('input[name="device"]').fill('FON1: Empfang');
      await section.locator('.dial-test-form button[type=submit]').click();
      const answer = section.locator('.dial-test-answer .message');
      await answer.waitFor({ timeout: 15_000 });
      expect(await answer.innerText()).toBe(t('dial_test_ok_plain', { device: 'FON1: Empfang', dialed: '0302312574' }));
      expect(box.dials.at(-1)).toEqual({ port: 'FON1: Empfang', number: '0302312574' });
      for (const width of [360, 400, 460]) {
        await page.setViewportSize({ width, height: 900 });
        await section.screenshot({ path: artifact(`admin-dial-${width}.png`) });
      }
    } finally {
      await admin.close();
    }
  });
});
