/**
 * Settings and errors a person can act on, with the built extension in Debian's Chromium and a
 * real bridge:
 * - a browser the extension-origin allowlist refuses: "Test connection" and the status line
 *   name this browser's origin and say to ask the administrator; the console lists the origin
 *   and one click on "Zulassen" lets it in;
 * - "Test connection" against an address that accepts and never answers: a verdict anyway;
 * - the language option: English and German, whatever the browser's own language, on the
 *   options page and on the card, amounts and the note's date field included.
 */
import { existsSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translatorFrom, type LocaleMessages, type Translate } from '../extension/src/lib/i18n-core.js';
import { ensureAdminBuilt, launchAdmin, type AdminBrowser } from './helpers/admin-browser.js';
import { AdminClient } from './helpers/admin-client.js';
import { ADMIN_TOKEN, BridgeProcess } from './helpers/bridge-process.js';
import { CALLER, seedWelterDach } from './helpers/extension-fixtures.js';
import { artifact, CHROMIUM, copyExtension, ensureExtensionBuilt, findCardPage, launchExtension, type ExtensionBrowser } from './helpers/extension-browser.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

declare const chrome: any;

let bridge: BridgeProcess;
let browser: ExtensionBrowser;
let admin: AdminBrowser;
let extensionCopy: string;
let anna: { id: string; token: string };
let silent: Server;
const held: Socket[] = [];

function messages(lang: 'de' | 'en'): Translate {
  return translatorFrom(JSON.parse(readFileSync(join(extensionCopy, '_locales', lang, 'messages.json'), 'utf8')) as LocaleMessages);
}

async function connection(page: Page): Promise<string> {
  return page.evaluate(async () => ((await chrome.storage.session.get('status')).status?.connection ?? 'none') as string);
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: apt-get install -y chromium (or set RINGSIDE_CHROMIUM)`);
  ensureAdminBuilt();
  const dist = ensureExtensionBuilt('chromium');
  extensionCopy = copyExtension(dist);
  bridge = await BridgeProcess.start();
  anna = await bridge.createAgent('Anna', ['21']);
  await seedWelterDach(bridge);
  // Only some other browser is allowed: ours will be refused.
  const console = await AdminClient.signIn(bridge);
  await console.request('PATCH', '/admin/api/settings', { extensionOrigins: ['chrome-extension://aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'] });
  // Accepts connections and never says a word: what a wrong address behind a firewall looks like.
  silent = createServer((socket) => held.push(socket));
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
  [browser, admin] = await Promise.all([launchExtension(extensionCopy), launchAdmin(bridge.base)]);
}, 180_000);

afterAll(async () => {
  for (const s of held) s.destroy();
  silent?.close();
  await admin?.close();
  await browser?.close();
  await bridge?.dispose();
  if (extensionCopy) rmSync(extensionCopy, { recursive: true, force: true });
});

describe('errors a person can act on', () => {
  it('a refused browser is told its origin and whom to ask; one click in the console lets it in', async () => {
    const { t } = browser;
    const origin = `chrome-extension://${browser.extensionId}`;
    const options = await browser.open('options.html');
    await options.locator('#bridgeUrl').fill(bridge.base);
    await options.locator('#agentToken').fill(anna.token);
    await options.locator('#save').click();
    await expect.poll(() => options.locator('#result').innerText(), { timeout: 10_000 }).toBe(t('test_origin_refused', origin));
    await expect.poll(() => options.locator('#status').innerText(), { timeout: 15_000 }).toContain(t('status_originRefused', origin));
    await options.screenshot({ path: artifact('settings-origin-refused.png'), fullPage: true });

    // The administrator sees the browser in the console and allows it with one click.
    const page = admin.page;
    await page.locator('#admin-token').fill(ADMIN_TOKEN);
    await page.locator('#sign-in').click();
    await page.locator('nav a[href="#settings"]').click();
    const allow = page.locator(`button[data-action="allow-origin"][data-origin="${origin}"]`);
    await allow.waitFor({ timeout: 10_000 });
    await page.screenshot({ path: artifact('admin-refused-origins.png'), fullPage: true });
    await allow.click();
    await expect.poll(() => page.locator('#settings-extension-origins').inputValue(), { timeout: 10_000 }).toContain(origin);
    expect(await allow.count()).toBe(0);

    // Saving again reconnects at once instead of waiting out the slow retry.
    await options.locator('#save').click();
    await expect.poll(() => options.locator('#result').innerText(), { timeout: 10_000 }).toBe(t('test_ok', 'Anna'));
    await expect.poll(() => connection(options), { timeout: 30_000 }).toBe('connected');
    await options.close();
  });

  it('"Test connection" answers even when the address never does', async () => {
    const { t } = browser;
    const url = `http://127.0.0.1:${(silent.address() as { port: number }).port}`;
    const options = await browser.open('options.html');
    await options.locator('#bridgeUrl').fill(url);
    await options.locator('#test').click();
    await expect.poll(() => options.locator('#result').innerText(), { timeout: 15_000 }).toBe(t('test_timeout', url));
    await options.close();
  });
});

describe('language option', () => {
  async function choose(language: 'de' | 'en'): Promise<Page> {
    const options = await browser.open('options.html');
    await options.locator('#language').selectOption(language);
    // The page draws itself again in the chosen language.
    await expect.poll(() => options.locator('h1').innerText(), { timeout: 10_000 }).toBe(messages(language)('options_title'));
    return options;
  }

  async function ringAndOpen(callId: string, expectText: string): Promise<Page> {
    await bridge.call({ event: 'ringing', callId, from: CALLER, agents: ['21'] });
    const card = await findCardPage(browser.context, callId);
    await card.getByText(expectText).first().waitFor({ timeout: 15_000 });
    return card;
  }

  for (const language of ['en', 'de'] as const) {
    it(`${language}: options, card, amounts and the date field in that language`, async () => {
      const t = messages(language);
      const options = await choose(language);
      expect(await options.locator('html').getAttribute('lang')).toBe(language);
      expect(await options.locator('label:has(#language) > span').first().innerText()).toBe(t('options_language'));
      await options.close();

      const card = await ringAndOpen(`lang-${language}`, 'Frau Quellmalz');
      // textContent: the section headings are upper-cased by CSS, which innerText would show.
      const text = (await card.locator('body').textContent()) ?? '';
      expect(text).toContain(t('card_match_exact'));
      expect(text).toContain(t('card_documents'));
      expect(text).toMatch(language === 'de' ? /1\.234,50\s€/ : /€1,234\.50/);
      await bridge.call({ event: 'answered', callId: `lang-${language}`, answeredBy: '21' });
      const followUp = card.locator('#note input[name="followUp"]');
      await followUp.waitFor({ timeout: 10_000 });
      expect(await followUp.getAttribute('placeholder')).toMatch(language === 'de' ? /^TT\.MM\.JJJJ$/ : /^(DD\/MM\/YYYY|MM\/DD\/YYYY)$/);
      await card.screenshot({ path: artifact(`settings-card-${language}.png`), fullPage: true });
      await bridge.call({ event: 'ended', callId: `lang-${language}` });
      await card.close();
    });
  }
});

describe('the open card window', () => {
  it('switches to the next call, but a window with unsaved input is left alone', async () => {
    const t = messages('de');
    await bridge.call({ event: 'ringing', callId: 'reuse-1', from: CALLER, agents: ['21'] });
    const first = await findCardPage(browser.context, 'reuse-1');
    await first.getByText('Frau Quellmalz').first().waitFor({ timeout: 15_000 });
    await bridge.call({ event: 'ended', callId: 'reuse-1' });
    await expect.poll(() => first.locator('.call-status').innerText(), { timeout: 10_000 }).not.toBe(t('call_ringing'));

    // The next call, from someone else: the same window, now showing that call.
    await bridge.call({ event: 'ringing', callId: 'reuse-2', from: '+49 89 4711 0815', agents: ['21'] });
    const second = await findCardPage(browser.context, 'reuse-2');
    expect(second).toBe(first);
    await expect.poll(() => second.locator('#caller').innerText(), { timeout: 10_000 }).toContain(t('caller_unknown'));
    expect(await second.locator('#caller').innerText()).not.toContain('Frau Quellmalz');

    // Typed and not saved: the call after that gets a window of its own.
    await second.locator('form[data-form="create"] [name="company"]').fill('Neukunde Bau GmbH');
    await bridge.call({ event: 'ended', callId: 'reuse-2' });
    await bridge.call({ event: 'ringing', callId: 'reuse-3', from: CALLER, agents: ['21'] });
    const third = await findCardPage(browser.context, 'reuse-3');
    expect(third).not.toBe(second);
    expect(second.url()).toContain('callId=reuse-2');
    expect(await second.locator('form[data-form="create"] [name="company"]').inputValue()).toBe('Neukunde Bau GmbH');
    await bridge.call({ event: 'ended', callId: 'reuse-3' });
    await third.close();
    await second.close();
  });
});
