/**
 * The card and the side panel at their real sizes, with long German data: 360, 400 and 460 px
 * wide, and 360 px at 200% zoom (180 CSS px: what a zoomed side panel lays out). Fails when a
 * word is split across lines (a Range over each word with client rects on more than one line)
 * or anything sticks out horizontally. Screenshots: test/artifacts/layout-*.png.
 *
 * The card is rendered from a call record written straight into storage.session, the way the
 * background writes it, so it can carry what a ringing message may carry (missed calls not
 * returned, contacts to pick from) whatever the bridge of the day sends. The side panel is
 * real: paired with a real bridge, searching and opening the long customer.
 */
import { existsSync, rmSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BridgeProcess } from './helpers/bridge-process.js';
import { artifact, CHROMIUM, copyExtension, ensureExtensionBuilt, launchExtension, pairThroughOptions, type ExtensionBrowser } from './helpers/extension-browser.js';
import { findLayoutProblems } from './helpers/layout-check.js';
import { LONG_CALLER, LONG_CUSTOMER_NO, seedLongCustomer } from './helpers/long-customer.js';

declare const chrome: any;
declare const requestAnimationFrame: (cb: () => void) => number;

const SIZES = [
  { name: '360', width: 360, zoom: 1 },
  { name: '400', width: 400, zoom: 1 },
  { name: '460', width: 460, zoom: 1 },
  { name: '360-zoom200', width: 360, zoom: 2 },
] as const;
const HEIGHT = 720;

let bridge: BridgeProcess;
let browser: ExtensionBrowser;
let extensionCopy: string;
let token: string;

/**
 * Window width and zoom as the page sees them: at 200% a 360 px window lays out 180 CSS px
 * (viewport units included), which is what layout depends on; only the pixel density differs.
 */
async function resize(page: Page, size: (typeof SIZES)[number]): Promise<void> {
  await page.setViewportSize({ width: size.width / size.zoom, height: HEIGHT / size.zoom });
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(null)))));
}

async function checkAt(page: Page, what: string): Promise<void> {
  const failures: string[] = [];
  for (const size of SIZES) {
    await resize(page, size);
    await page.screenshot({ path: artifact(`layout-${what}-${size.name}.png`), fullPage: true });
    // What the agent sees without scrolling.
    await page.screenshot({ path: artifact(`layout-${what}-${size.name}-fold.png`) });
    const problems = await page.evaluate(findLayoutProblems);
    if (problems.splitWords.length) failures.push(`${size.name}: words split across lines: ${problems.splitWords.slice(0, 12).join(' | ')}`);
    if (problems.overflow.scrollWidth > problems.overflow.clientWidth) failures.push(`${size.name}: overflows ${problems.overflow.scrollWidth} > ${problems.overflow.clientWidth}: ${problems.overflow.wide.join(', ')}`);
  }
  expect(failures).toEqual([]);
}

/** The call record the background would write for a ringing call that this agent then took. */
async function writeCardRecord(page: Page, card: unknown, cardId = 'layout-1', status: 'known' | 'ambiguous' = 'known'): Promise<string> {
  const now = new Date().toISOString();
  const call = {
    callId: cardId, linkedId: null, source: 'generic', direction: 'in', state: 'ended', outcome: 'answered',
    from: { raw: LONG_CALLER, kind: 'number', e164: '+4921669182730', display: '02166 918273-0' },
    to: null, agents: [], agentIds: [], answeredBy: null, answeredByAgentId: null, answeredByName: null, cause: null,
    startedAt: now, answeredAt: now, endedAt: now, customerNo: LONG_CUSTOMER_NO, callerName: null,
  };
  const c = card as { contacts: unknown[]; phones: unknown[] };
  const record = {
    cardId, eventId: 1, event: 'ended', call, legs: { [cardId]: { view: call, eventId: 1 } },
    lookup: {
      number: call.from,
      status,
      matches:
        status === 'known'
          ? [{ level: 'switchboard', phone: c.phones[0], contact: null, card, choices: c.contacts }]
          : // Two customers on one number: the same long data under a second customer number.
            [
              { level: 'exact', phone: c.phones[0], contact: null, card, choices: [] },
              { level: 'switchboard', phone: c.phones[0], contact: null, card: { ...c, customerNo: '40018' }, choices: [] },
            ],
    },
    pendingCallbacks: [
      { source: 'generic', callId: 'm1', startedAt: new Date(Date.now() - 26 * 3_600_000).toISOString() },
      { source: 'generic', callId: 'm2', startedAt: new Date(Date.now() - 3 * 3_600_000).toISOString() },
    ],
    cardHandled: true, windowId: null, notified: true, receivedAt: Date.now(),
  };
  await page.evaluate(async (r) => chrome.storage.session.set({ [`call:${r.cardId}`]: r }), record);
  return cardId;
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: apt-get install -y chromium (or set RINGSIDE_CHROMIUM)`);
  const dist = ensureExtensionBuilt('chromium');
  bridge = await BridgeProcess.start();
  token = (await bridge.createAgent('Anna', ['21'])).token;
  await seedLongCustomer(bridge, token);
  extensionCopy = copyExtension(dist);
  browser = await launchExtension(extensionCopy);
  // German, whatever the browser's language: the long data is German and so is the office.
  const language = await browser.open('options.html');
  await language.locator('#language').selectOption('de');
  while ((await language.evaluate(async () => (await chrome.storage.local.get('language')).language as string | undefined).catch(() => undefined)) !== 'de') {
    await new Promise((r) => setTimeout(r, 50));
  }
  await language.close();
  await (await pairThroughOptions(browser, bridge.base, token)).close();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await bridge?.dispose();
  if (extensionCopy) rmSync(extensionCopy, { recursive: true, force: true });
});

describe('layout with long German data', () => {
  it('the card: no split words, no horizontal overflow, greeting and open items first', async () => {
    const card = (await bridge.expectOk('GET', `/api/me/customers/${LONG_CUSTOMER_NO}`, undefined, token)) as unknown;
    const probe = await browser.open('options.html');
    const cardId = await writeCardRecord(probe, card);
    await probe.close();
    const page = await browser.open(`card.html?callId=${cardId}`);
    await page.locator('.caller-name').waitFor();
    await page.locator('html[data-hyphenated="true"]').waitFor({ state: 'attached' });
    expect((await page.locator('.caller-name').innerText()).replace(/\u00ad/g, '')).toBe('Welter Dach- und Fassadenbau GmbH & Co. KG – Niederlassung Mönchengladbach-Rheydt');
    // Pick the contact on the phone: greeting and the note's contact follow.
    await page.locator('button[data-action="pick-contact"][data-contact-id]').filter({ hasText: 'Frau Quellmalz-Hoffmeister' }).click();
    expect(await page.locator('.caller-name').innerText()).toBe('Frau Quellmalz-Hoffmeister');
    const target = await page.locator('#note input[name="target"]').inputValue();
    expect(JSON.parse(target)[2]).toBe('Frau Anke-Friederike Quellmalz-Hoffmeister');
    const text = await page.locator('body').innerText();
    expect(text).toMatch(/2 verpasste Anrufe, zuletzt (heute|gestern) \d\d:\d\d – noch nicht zurückgerufen/);
    expect(text).toContain('3 Vorgänge überfällig');
    expect(await page.locator('.more-documents summary').innerText()).toBe('35 weitere Vorgänge');

    // Greeting and open items above the fold at 460 × 720, even with the long note and 40 documents.
    await resize(page, SIZES[2]);
    for (const selector of ['.caller-name', '.attention', '.documents li.doc.overdue']) {
      const box = await page.locator(selector).first().boundingBox();
      expect(box && box.y + box.height, selector).toBeLessThanOrEqual(HEIGHT);
    }
    await checkAt(page, 'card');
    // Unfolded, the 2,000-character note must hold up too.
    await page.locator('button[data-action="fold"]').first().click();
    await checkAt(page, 'card-note-open');
    await page.close();
  });

  it('several customers on one number: the list to choose from', async () => {
    const card = (await bridge.expectOk('GET', `/api/me/customers/${LONG_CUSTOMER_NO}`, undefined, token)) as unknown;
    const probe = await browser.open('options.html');
    const cardId = await writeCardRecord(probe, card, 'layout-2', 'ambiguous');
    await probe.close();
    const page = await browser.open(`card.html?callId=${cardId}`);
    await page.locator('button[data-action="choose"]').first().waitFor();
    await page.locator('html[data-hyphenated="true"]').waitFor({ state: 'attached' });
    await checkAt(page, 'card-candidates');
    await page.close();
  });

  it('the side panel with the long customer open', async () => {
    const panel = await browser.open('sidepanel.html');
    await panel.locator('#search').pressSequentially('Fassadenbau', { delay: 20 });
    await panel.locator(`[data-action="open-customer"][data-customer-no="${LONG_CUSTOMER_NO}"]`).first().click();
    await panel.locator('#customer .caller-name').waitFor();
    await panel.locator('html[data-hyphenated="true"]').waitFor({ state: 'attached' });
    await checkAt(panel, 'sidepanel-customer');
    await panel.locator('[data-action="back"]').click();
    await checkAt(panel, 'sidepanel-lists');
    await panel.close();
  });
});
