import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { translator, type Translate } from '../../admin/src/i18n/i18n.js';
import { CHROMIUM } from './extension-browser.js';

const ROOT = resolve(import.meta.dirname, '../..');
const ADMIN = join(ROOT, 'admin');

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((newest, name) => Math.max(newest, newestMtime(join(path, name))), 0);
}

/**
 * Build `admin/dist` when it is missing or older than what goes into it (the console's sources,
 * its index.html and vite config, and the shared package it imports). Two test files may run at
 * once (vitest maxWorkers 2), so the build runs under a directory lock, as the extension's does.
 */
export function ensureAdminBuilt(): string {
  const dist = join(ADMIN, 'dist');
  const index = join(dist, 'index.html');
  const inputs = [join(ADMIN, 'src'), join(ADMIN, 'index.html'), join(ADMIN, 'vite.config.ts'), join(ROOT, 'shared/src')];
  const stale = () => !existsSync(index) || Math.max(...inputs.map(newestMtime)) > statSync(index).mtimeMs;
  if (!stale()) return dist;
  const lock = join(ADMIN, '.build-lock');
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`admin build lock ${lock} held too long`);
      execFileSync('sleep', ['0.2']);
    }
  }
  try {
    if (stale()) execFileSync('npm', ['run', 'build', '-w', 'admin'], { cwd: ROOT, stdio: 'pipe' });
  } finally {
    rmdirSync(lock);
  }
  return dist;
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
