import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';
import { translatorFrom, type LocaleMessages, type Translate } from '../../extension/src/lib/i18n-core.js';
import { ensureBuilt } from './build-once.js';

/** The extension API inside pages and the worker, as seen from test code running in Node. */
declare const chrome: any;

const ROOT = resolve(import.meta.dirname, '../..');
const EXTENSION = join(ROOT, 'extension');
export const CHROMIUM = process.env.RINGSIDE_CHROMIUM ?? '/usr/bin/chromium';
export const ARTIFACTS = join(ROOT, 'test/artifacts');

/** Build `extension/dist` when it is missing or older than the source. */
export function ensureExtensionBuilt(target: 'chromium' | 'firefox'): string {
  ensureBuilt('extension', `extension/dist/${target}/manifest.json`, ['extension/src', 'extension/public', 'extension/scripts']);
  return join(EXTENSION, 'dist', target);
}

/**
 * A private copy of the built extension for one test file, so a file that edits its copy (or
 * deletes it afterwards) never disturbs another. The extension needs no host permission: the
 * bridge answers CORS for extension origins (bridge/src/http/extension-cors.ts).
 */
export function copyExtension(dist: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'ringside-ext-'));
  cpSync(dist, dir, { recursive: true });
  return dir;
}

export interface ExtensionBrowser {
  context: BrowserContext;
  extensionId: string;
  /** The UI texts in the language the browser picked, so assertions hold in German and English. */
  t: Translate;
  open(path: string): Promise<Page>;
  serviceWorker(): Promise<Worker>;
  close(): Promise<void>;
}

export async function launchExtension(extensionDir: string): Promise<ExtensionBrowser> {
  const profile = mkdtempSync(join(tmpdir(), 'ringside-profile-'));
  // `headless: true` is Chromium's new headless mode here (the old one, without extensions, is
  // a separate binary since Chromium 132). LANGUAGE picks German where its locale pack exists.
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    env: { ...process.env, LANGUAGE: 'de', LANG: 'de_DE.UTF-8' },
    args: [
      `--disable-extensions-except=${extensionDir}`,
      `--load-extension=${extensionDir}`,
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  const serviceWorker = async (): Promise<Worker> => {
    const existing = context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://'));
    return existing ?? context.waitForEvent('serviceworker', { timeout: 15_000 });
  };
  const extensionId = new URL((await serviceWorker()).url()).host;
  const open = async (path: string): Promise<Page> => {
    const page = await context.newPage();
    await page.goto(`chrome-extension://${extensionId}/${path}`);
    // Pages finish their async start (stored settings, lists) before they take input.
    await page.locator('html[data-ready="true"]').waitFor({ state: 'attached', timeout: 15_000 });
    return page;
  };
  const probe = await open('options.html');
  const lang = (await probe.evaluate(() => chrome.i18n.getUILanguage() as string)).toLowerCase().startsWith('de') ? 'de' : 'en';
  await probe.close();
  const messages = JSON.parse(readFileSync(join(extensionDir, '_locales', lang, 'messages.json'), 'utf8')) as LocaleMessages;
  return {
    context,
    extensionId,
    t: translatorFrom(messages),
    open,
    serviceWorker,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export function artifact(name: string): string {
  mkdirSync(ARTIFACTS, { recursive: true });
  return join(ARTIFACTS, name);
}

/**
 * Pair the way an agent does, on the options page (bridge address, token, "save"), and wait
 * until the background reports the socket connected. Returns the options page, still open.
 */
export async function pairThroughOptions(browser: ExtensionBrowser, bridgeBase: string, token: string, timeoutMs = 30_000): Promise<Page> {
  const options = await browser.open('options.html');
  await options.locator('#bridgeUrl').fill(bridgeBase);
  await options.locator('#agentToken').fill(token);
  await options.locator('#save').click();
  const deadline = Date.now() + timeoutMs;
  while ((await options.evaluate(async () => (await chrome.storage.session.get('status')).status?.connection as string | undefined)) !== 'connected') {
    if (Date.now() > deadline) throw new Error(`extension not connected after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return options;
}

/**
 * The page showing the card of `callId`: a new card window, or the open card window that the
 * extension switched to this call (its URL changes to `?callId=…` without a navigation).
 */
export async function findCardPage(context: BrowserContext, callId: string, timeoutMs = 15_000): Promise<Page> {
  const wanted = `callId=${encodeURIComponent(callId)}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const page = context.pages().find((p) => !p.isClosed() && p.url().includes(wanted));
    if (page) return page;
    if (Date.now() > deadline) throw new Error(`no card page for ${callId} within ${timeoutMs} ms; pages: ${context.pages().map((p) => p.url()).join(', ')}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
