/**
 * The built extension (dist/firefox) in Debian's firefox-esr over WebDriver BiDi, against a
 * real bridge: pairing, the card on a ringing call and its live updates, the sidebar page,
 * enterprise presets, and the event page staying connected (the Firefox design decision in
 * extension/README.md, "Staying connected").
 *
 * Not automatable here, and covered otherwise:
 * - BiDi cannot navigate to moz-extension:// URLs, so the pairing link (a URL with a fragment)
 *   is not opened directly; the options page is reached as the extension opens it on install.
 * - No host-permission prompt: the extension has no host permission at all and reaches the
 *   agent API through the bridge's CORS answers for extension origins.
 * - The sidebar itself (sidebar_action) is browser chrome; its page is tested in a tab.
 * - Notification clicks: headless Firefox shows no notifications.
 */
import { existsSync, rmSync } from 'node:fs';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BridgeProcess } from './helpers/bridge-process.js';
import { CALLER, seedWelterDach } from './helpers/extension-fixtures.js';
import { copyExtension, ensureExtensionBuilt } from './helpers/extension-browser.js';
import { FIREFOX, launchFirefoxExtension, type FirefoxExtension } from './helpers/extension-firefox.js';

/** Page globals inside `evaluate` callbacks (test code is compiled without the DOM lib). */
declare const location: { href: string };

declare const browser: any;

let bridge: BridgeProcess;
let anna: { id: string; token: string };
let extensionDir: string;

async function connections(name: string): Promise<number> {
  const agents = (await bridge.api('GET', '/api/agents')).body.agents as Array<{ name: string; connections: number }>;
  return agents.find((a) => a.name === name)?.connections ?? 0;
}

async function textOf(page: Page, selector: string): Promise<string> {
  return page.$eval(selector, (el) => (el as unknown as { innerText: string }).innerText).catch(() => '');
}

async function ringAndFindCard(ff: FirefoxExtension, callId: string, text: string): Promise<{ card: Page; ms: number }> {
  const posted = performance.now();
  await bridge.call({ event: 'ringing', callId, from: CALLER, agents: ['21', '22'] });
  const card = await ff.findPage(`card.html?callId=${callId}`);
  await expect.poll(() => textOf(card, 'body'), { timeout: 10_000, interval: 50 }).toContain(text);
  return { card, ms: Math.round(performance.now() - posted) };
}

beforeAll(async () => {
  // CI installs it (.ci/run); a missing browser must fail loudly, not pass by skipping.
  if (!existsSync(FIREFOX)) throw new Error(`${FIREFOX} not found: apt-get install -y firefox-esr`);
  extensionDir = copyExtension(ensureExtensionBuilt('firefox'));
  bridge = await BridgeProcess.start();
  anna = await bridge.createAgent('Anna', ['21']);
  await bridge.createAgent('Ben', ['22']);
  await seedWelterDach(bridge);
}, 120_000);

afterAll(async () => {
  await bridge?.dispose();
  if (extensionDir) rmSync(extensionDir, { recursive: true, force: true });
});

describe('Ringside extension in Firefox', () => {
  let ff: FirefoxExtension;
  let options: Page;

  beforeAll(async () => {
    ff = await launchFirefoxExtension(extensionDir);
  }, 60_000);
  afterAll(async () => ff?.close());

  it('opens the options page on install and pairs there', async () => {
    options = await ff.findPage('options.html');
    await options.waitForSelector('html[data-ready="true"]');
    await options.type('#bridgeUrl', bridge.base);
    await options.type('#agentToken', anna.token);
    await options.click('#save');
    await expect.poll(() => textOf(options, '#result'), { timeout: 10_000 }).toMatch(/Anna/);
    await expect.poll(() => connections('Anna'), { timeout: 10_000 }).toBe(1);
  });

  it('pops the card on a ringing call and updates it live', async () => {
    const { card, ms } = await ringAndFindCard(ff, 'f1', 'Frau Quellmalz');
    console.log(`[e2e firefox] webhook POST -> card text visible: ${ms} ms`);
    expect(await textOf(card, 'body')).toContain('Welter Dach GmbH');
    await bridge.call({ event: 'answered', callId: 'f1', answeredBy: '22' });
    await expect.poll(() => textOf(card, '.call-status'), { timeout: 10_000 }).toMatch(/Ben/);
    await bridge.call({ event: 'ended', callId: 'f1' });
    await expect.poll(() => textOf(card, '.call-status'), { timeout: 10_000 }).toMatch(/Ben/);
    await card.close();
  });

  it('the sidebar page searches as you type', async () => {
    await options.evaluate(() => browser.tabs.create({ url: '/sidepanel.html' }));
    const panel = await ff.findPage('sidepanel.html');
    await panel.waitForSelector('html[data-ready="true"]');
    await panel.type('#search', 'Quell', { delay: 30 });
    await panel.waitForSelector('#search-results [data-customer-no="10023"]', { timeout: 10_000 });
    await panel.click('#search-results [data-customer-no="10023"]');
    await expect.poll(() => textOf(panel, '#customer'), { timeout: 10_000 }).toContain('Welter Dach GmbH');
    await panel.close();
  });

  it('stays connected past the 30 s idle timeout of an event page', async () => {
    // Firefox would unload an idle event page after 30 s and its socket with it; the 20 s
    // alarm's dispatch keeps it running. No extension page stays open (an open view could keep
    // the page alive by itself), and the socket must never drop in 45 s. (Measured control: the
    // same build with the alarm at 10 minutes loses its socket at 30 s, pings notwithstanding.)
    await options.close();
    const open: string[] = [];
    for (const page of await ff.browser.pages()) {
      const href = await page.evaluate(() => location.href).catch(() => '');
      if (href.startsWith('moz-extension://')) {
        open.push(href);
        await page.close();
      }
    }
    if (open.length) console.log('[e2e firefox] closed extension pages left open:', open);
    const deadline = Date.now() + 45_000;
    let lowest = Infinity;
    while (Date.now() < deadline) {
      lowest = Math.min(lowest, await connections('Anna'));
      await new Promise((r) => setTimeout(r, 1_000));
    }
    expect(lowest).toBe(1);
    const { card } = await ringAndFindCard(ff, 'f2', 'Frau Quellmalz');
    await card.close();
  }, 70_000);
});

describe('Firefox: an event page that is unloaded anyway comes back', () => {
  let ff: FirefoxExtension;

  beforeAll(async () => {
    // A 5 s idle timeout, shorter than the 20 s alarm: Firefox unloads the page between alarms,
    // which is the control for the test above and exercises the watchdog's recovery.
    ff = await launchFirefoxExtension(extensionDir, {
      managed: { bridgeUrl: bridge.base, agentToken: anna.token },
      prefs: { 'extensions.background.idle.timeout': 5_000 },
    });
  }, 60_000);
  afterAll(async () => ff?.close());

  it('is paired by the administrator preset (storage.managed) without touching options', async () => {
    await expect.poll(() => connections('Anna'), { timeout: 15_000 }).toBe(1);
  });

  it('drops the socket when Firefox unloads the page, and the alarm reconnects it', async () => {
    await expect.poll(() => connections('Anna'), { timeout: 30_000, interval: 250 }).toBe(0);
    const droppedAt = performance.now();
    await expect.poll(() => connections('Anna'), { timeout: 30_000, interval: 250 }).toBe(1);
    console.log(`[e2e firefox] event page unloaded, reconnected by the alarm after ${Math.round(performance.now() - droppedAt)} ms`);
  }, 70_000);
});
