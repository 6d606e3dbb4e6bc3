import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { translator, type Translate } from '../../admin/src/i18n/i18n.js';
import { ensureBuilt } from './build-once.js';
import { CHROMIUM } from './extension-browser.js';

const ROOT = resolve(import.meta.dirname, '../..');
const ADMIN = join(ROOT, 'admin');

/** Build `admin/dist` when it is missing or older than what goes into it. */
export function ensureAdminBuilt(): string {
  ensureBuilt('admin', 'admin/dist/index.html', ['admin/src', 'admin/index.html', 'admin/vite.config.ts']);
  return join(ADMIN, 'dist');
}

export interface AdminBrowser {
  browser: Browser;
  context: BrowserContext;
  /** The console, opened at /admin/ (signed out). */
  page: Page;
  /** The console's own German texts, so assertions compare with what an administrator reads. */
  t: Translate;
  close(): Promise<void>;
}

/**
 * The administrator's browser: Debian's Chromium, headless, German locale, separate from the
 * agent's browser that carries the extension (an administrator sets up Ringside at their own
 * desk). The clipboard is granted to the bridge's origin so the copy buttons can be read back.
 */
export async function launchAdmin(base: string): Promise<AdminBrowser> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    const context = await browser.newContext({ locale: 'de-DE', viewport: { width: 1280, height: 900 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
    const page = await context.newPage();
    await page.goto(`${base}/admin/`);
    return { browser, context, page, t: translator('de'), close: () => browser.close() };
  } catch (err) {
    await browser.close();
    throw err;
  }
}
