/**
 * The console's sign-in once this address has used up its failed-attempt budget: the lock is
 * said in words at the token field, in German and English, at 360, 400 and 460 px and 200 %
 * zoom, without sideways scrolling. A bridge of its own (RINGSIDE_FAILED_AUTH_RATE=0.01, burst 1)
 * so no other test's sign-in is locked out.
 */
import type { Browser } from 'playwright-core';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translator } from '../admin/src/i18n/i18n.js';
import { ensureAdminBuilt } from './helpers/admin-browser.js';
import { BridgeProcess } from './helpers/bridge-process.js';
import { artifact, CHROMIUM } from './helpers/extension-browser.js';

/** Browser globals inside page.evaluate (the test tsconfig has no DOM lib). */
declare const document: any;

let bridge: BridgeProcess;
let browser: Browser;

beforeAll(async () => {
  ensureAdminBuilt();
  bridge = await BridgeProcess.start({ env: { RINGSIDE_FAILED_AUTH_RATE: '0.01' } });
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await bridge?.dispose();
});

describe('console sign-in after too many failed attempts', () => {
  it('says the address is locked, in German and English, at every width', async () => {
    for (const [lang, locale] of [['de', 'de-DE'], ['en', 'en-GB']] as const) {
      const t = translator(lang);
      const context = await browser.newContext({ locale, viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      try {
        await page.goto(`${bridge.base}/admin/`);
        await page.locator('#admin-token').fill('falsch-geraten');
        // The first wrong token may still be answered "wrong" (the budget's one attempt); from
        // then on this address is locked, whatever token it sends.
        await page.locator('#sign-in').click();
        await expect.poll(() => page.locator('#sign-in-error').innerText(), { timeout: 10_000 }).not.toBe('');
        await page.locator('#sign-in').click();
        await expect.poll(() => page.locator('#sign-in-error').innerText(), { timeout: 10_000 }).toBe(t('sign_in_locked'));
        for (const width of [360, 400, 460]) {
          await page.setViewportSize({ width, height: 700 });
          await page.screenshot({ path: artifact(`admin-sign-in-locked-${lang}-${width}.png`), fullPage: true });
          expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
        }
        // 200 % zoom of a 920 px window is what a 460 px window shows.
        await page.setViewportSize({ width: 920, height: 700 });
        await page.evaluate(() => (document.body.style.zoom = '2'));
        await page.screenshot({ path: artifact(`admin-sign-in-locked-${lang}-zoom200.png`), fullPage: true });
        expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
      } finally {
        await context.close();
      }
    }
  });
});
