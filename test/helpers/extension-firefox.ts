import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';

/** Page globals inside `evaluate` callbacks (test code is compiled without the DOM lib). */
declare const location: { href: string };

export const FIREFOX = process.env.RINGSIDE_FIREFOX ?? '/usr/bin/firefox-esr';
export const GECKO_ID = 'ringside@ringside.invalid';
/** Fixed so the test knows the moz-extension:// origin (Firefox picks a random one otherwise). */
export const EXTENSION_UUID = '6f1f0a4e-2c1b-4d2a-9a55-2f0f3a1b7c11';

export interface FirefoxOptions {
  /** Enterprise presets, served as a managed-storage manifest from a temp HOME. */
  managed?: Record<string, unknown>;
  prefs?: Record<string, unknown>;
}

export interface FirefoxExtension {
  browser: Browser;
  /** Extension pages report `about:blank` as their URL over BiDi; ask the page itself. */
  findPage(pathPart: string, timeoutMs?: number): Promise<Page>;
  close(): Promise<void>;
}

/**
 * Firefox ESR over WebDriver BiDi (puppeteer-core), the extension installed as a temporary
 * add-on. BiDi refuses to navigate a tab to a moz-extension:// URL, so tests reach extension
 * pages the way a user does: the ones the extension opens itself (options on install, the card
 * on a call) and, from there, `tabs.create`.
 */
export async function launchFirefoxExtension(extensionDir: string, options: FirefoxOptions = {}): Promise<FirefoxExtension> {
  const home = mkdtempSync(join(tmpdir(), 'ringside-ff-home-'));
  if (options.managed) {
    // Firefox reads managed storage from native manifests in ~/.mozilla/managed-storage/.
    mkdirSync(join(home, '.mozilla/managed-storage'), { recursive: true });
    writeFileSync(
      join(home, '.mozilla/managed-storage', `${GECKO_ID}.json`),
      JSON.stringify({ name: GECKO_ID, description: 'Ringside presets', type: 'storage', data: options.managed }),
    );
  }
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    env: { ...process.env, HOME: home },
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: EXTENSION_UUID }),
      'intl.locale.requested': 'de',
      ...options.prefs,
    },
  });
  await browser.installExtension(extensionDir);

  const findPage = async (pathPart: string, timeoutMs = 15_000): Promise<Page> => {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      for (const page of await browser.pages()) {
        const href = await page.evaluate(() => location.href).catch(() => '');
        if (href.startsWith(`moz-extension://${EXTENSION_UUID}/`) && href.includes(pathPart)) return page;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`no extension page ${pathPart} within ${timeoutMs} ms`);
  };

  return {
    browser,
    findPage,
    close: async () => {
      await browser.close();
      rmSync(home, { recursive: true, force: true });
    },
  };
}
