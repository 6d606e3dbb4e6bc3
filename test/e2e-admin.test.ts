/**
 * The admin console (admin/dist, served by the bridge under /admin/) in Debian's Chromium,
 * German locale, against a real bridge with the demo data: an administrator signs in, copies a
 * phone system's URL and sees the first webhook arrive, sends a test call, creates an agent and
 * pairs the extension in a second browser with the link the console shows, and imports a
 * 1,000-row customer list with bad rows.
 *
 * The API under the console has its own tests (admin-api.test.ts); this file drives the pages
 * the way an administrator does and asserts only what they would see.
 *
 * Traps, and how this file handles them:
 * - The console and the extension run in two browsers: the extension's persistent context
 *   (launchExtension) takes no locale, and an administrator sets up from their own desk anyway.
 * - Status on the phone-system and agent pages refreshes every 5 s: every wait is an
 *   expect.poll with a deadline well above that, never a sleep.
 * - `page.goto` on a chrome-extension:// pairing link works from automation, although a web
 *   page could not navigate there; the agent would click it in their mail.
 */
import { rmSync } from 'node:fs';
import iconv from 'iconv-lite';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureAdminBuilt, launchAdmin, type AdminBrowser } from './helpers/admin-browser.js';
import { ADMIN_TOKEN, BridgeProcess, WEBHOOK_TOKEN } from './helpers/bridge-process.js';
import { artifact, copyExtension, ensureExtensionBuilt, findCardPage, launchExtension, type ExtensionBrowser } from './helpers/extension-browser.js';

/** Browser globals inside page.evaluate (the test tsconfig has no DOM lib). */
declare const navigator: any;

/** The demo data's caller: extension 21 behind Müller & Söhne's switchboard (bridge/src/demo). */
const DEMO_CALLER = '+49 30 2312574-21';
const DEMO_COMPANY = 'Müller & Söhne Immobilien GmbH';

let bridge: BridgeProcess;
let admin: AdminBrowser;
let agentBrowser: ExtensionBrowser | undefined;
let extensionCopy: string | undefined;
let page: Page;

beforeAll(async () => {
  ensureAdminBuilt();
  const dist = ensureExtensionBuilt('chromium');
  extensionCopy = copyExtension(dist);
  bridge = await BridgeProcess.start({ env: { RINGSIDE_DEMO: '1', RINGSIDE_SOURCES: 'sipgate' } });
  [admin, agentBrowser] = await Promise.all([launchAdmin(bridge.base), launchExtension(extensionCopy)]);
  page = admin.page;
}, 120_000);

afterEach(async ({ task }) => {
  if (task.result?.state !== 'fail' || !page) return;
  const name = task.name.replace(/[^a-z0-9]+/gi, '-').toLowerCase();
  await page.screenshot({ path: artifact(`admin-failed-${name}.png`), fullPage: true }).catch(() => undefined);
  console.error(`[e2e-admin] failed: ${task.name}; screenshot in test/artifacts/; bridge output:\n${bridge?.output.slice(-3000)}`);
});

afterAll(async () => {
  await admin?.close();
  await agentBrowser?.close();
  await bridge?.dispose();
  if (extensionCopy) rmSync(extensionCopy, { recursive: true, force: true });
});

/** Opens a tab by its link in the header and waits until the header marks it current. */
async function openTab(route: 'sources' | 'agents' | 'customers' | 'settings'): Promise<void> {
  await page.locator(`nav a[href="#${route}"]`).click();
  await page.locator(`nav a[href="#${route}"][aria-current="page"]`).waitFor({ timeout: 10_000 });
}

// ---------------------------------------------------------------------------------------------
// The customer list: 1,000 rows as German Excel writes them (semicolons, CRLF, Windows-1252).

const FIRST_NAMES = ['Jürgen', 'Björn', 'Käthe', 'Jörg', 'Anneliese', 'Günther', 'Sören'];
const LAST_NAMES = ['Müller', 'Schröder', 'Weiß', 'Höfer', 'Krämer', 'Groß', 'Jäger'];
const TRADES = ['Bäckerei', 'Getränke', 'Straßenbau', 'Schlüsseldienst', 'Möbelhaus', 'Gärtnerei'];
const ROWS = 1_000;
/** The one row the search looks for afterwards. */
const SEARCHED = { index: 500, customerNo: 'K-50500', company: 'Größenwahn Bäckerei GmbH', lastName: 'Öztürk' };

type Bad = 'email' | 'name' | 'customerNo';
/** Every 50th row from the 4th is bad, so one bad row is in the 10-row preview (line 5): 20 in all. */
function badKind(i: number): Bad | null {
  if (i % 50 !== 3) return null;
  return (['email', 'name', 'customerNo'] as const)[((i - 3) / 50) % 3]!;
}

function customerCsv(): { bytes: Buffer; badLines: number[]; firstMobile: string } {
  const lines = ['Kundennummer;Firma;Anrede;Vorname;Nachname;Telefon;Mobil;E-Mail'];
  const badLines: number[] = [];
  for (let i = 0; i < ROWS; i++) {
    const bad = badKind(i);
    if (bad) badLines.push(i + 2); // the header is line 1
    const first = FIRST_NAMES[i % FIRST_NAMES.length]!;
    const last = i === SEARCHED.index ? SEARCHED.lastName : LAST_NAMES[i % LAST_NAMES.length]!;
    const company = i === SEARCHED.index ? SEARCHED.company : i % 3 === 0 ? '' : `${TRADES[i % TRADES.length]} ${last} ${i} GmbH`;
    const asciiLast = last.normalize('NFD').replace(/[^A-Za-z]/g, '').toLowerCase();
    const row = {
      no: bad === 'customerNo' ? `K ${50000 + i}` : `K-${50000 + i}`,
      company: bad === 'name' ? '' : company,
      salutation: bad === 'name' ? '' : i % 2 ? 'Herr' : 'Frau',
      first: bad === 'name' ? '' : first,
      last: bad === 'name' ? '' : last,
      phone: `040 ${3_000_000 + i}`,
      mobile: `0151 ${20_000_000 + i}`,
      email: bad === 'email' ? `${asciiLast}.${i}-beispiel.de` : `${asciiLast}.${i}@beispiel.de`,
    };
    lines.push([row.no, row.company, row.salutation, row.first, row.last, row.phone, row.mobile, row.email].join(';'));
  }
  return { bytes: iconv.encode(`${lines.join('\r\n')}\r\n`, 'win1252'), badLines, firstMobile: `0151 ${20_000_000}` };
}

// ---------------------------------------------------------------------------------------------

describe('Ringside admin console in Chromium', () => {
  it('signs in, copies the webhook URL, sees its first call arrive, and sends a test call', async () => {
    const { t } = admin;
    // A wrong token first: the console says so in words and stays on the sign-in form.
    await page.locator('#admin-token').fill('not-the-admin-token');
    await page.locator('#sign-in').click();
    await expect.poll(() => page.locator('#sign-in-error').innerText(), { timeout: 10_000 }).toBe(t('sign_in_wrong'));
    expect(await page.locator('nav a[href="#sources"]').count()).toBe(0);

    await page.locator('#admin-token').fill(ADMIN_TOKEN);
    await page.locator('#sign-in').click();
    await page.locator('nav a[href="#sources"][aria-current="page"]').waitFor({ timeout: 10_000 });
    expect(await page.locator('nav a[href="#sources"]').innerText()).toBe(t('nav_sources'));
    expect(await page.locator('html').getAttribute('lang')).toBe('de');

    // Copy the generic phone system's URL the way an administrator would paste it elsewhere.
    const generic = page.locator('section[data-source="generic"]');
    const urlInput = generic.locator('input.source-url[data-purpose="webhook"]');
    await urlInput.waitFor({ timeout: 10_000 });
    const copyButton = generic.locator('.copy-row:has(input.source-url[data-purpose="webhook"]) button.copy');
    await copyButton.click();
    await expect.poll(() => copyButton.innerText(), { timeout: 5_000 }).toBe(t('copied'));
    const copied = (await page.evaluate(() => navigator.clipboard.readText())) as string;
    expect(copied).toBe(await urlInput.inputValue());
    expect(copied.startsWith(`${bridge.base}/pbx/generic/`)).toBe(true);

    // The phone system posts to exactly that URL; "last event" shows it within the 5 s refresh.
    expect(await generic.locator('.last-event').innerText()).toContain(t('source_no_event'));
    const callId = `admin-e2e-${Date.now()}`;
    const res = await fetch(copied, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ event: 'ringing', callId, from: DEMO_CALLER, to: '21' }),
    });
    expect(res.status).toBe(202);
    await expect.poll(() => generic.locator('.last-event').innerText(), { timeout: 15_000 }).toContain(DEMO_CALLER);
    expect(await generic.locator('.last-event .event-summary').innerText()).toMatch(/^ringing in .*-> 21/);
    expect(await generic.locator('.last-error').innerText()).toContain(t('source_no_error'));
    expect((await fetch(copied, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ event: 'ended', callId }) })).status).toBe(202);

    // A test call through the sipgate adapter with the default (demo) caller shows the card.
    const sipgate = page.locator('section[data-source="sipgate"]');
    await sipgate.locator('button.send-test-call').click();
    const caller = sipgate.locator('.test-result .caller[data-status="known"]');
    await caller.waitFor({ timeout: 10_000 });
    expect(await caller.locator('.caller-name').first().innerText()).toBe(DEMO_COMPANY);
    expect(await sipgate.locator('.test-result').innerText()).toContain(t('card_match_switchboard'));
    await page.screenshot({ path: artifact('admin-sources.png'), fullPage: true });
  });

  it('creates an agent whose pairing link pairs the extension, which then shows as connected', async () => {
    const { t } = admin;
    const ext = agentBrowser!;
    const origin = `chrome-extension://${ext.extensionId}`;

    // Settings: allow the extension, so the agent form hands out ready-made pairing links.
    await openTab('settings');
    const origins = page.locator('#settings-extension-origins');
    await origins.waitFor({ timeout: 10_000 });
    await origins.fill(origin);
    await page.locator('#settings-save').click();
    await expect.poll(() => page.locator('#settings-saved').innerText(), { timeout: 10_000 }).toBe(t('settings_saved'));
    expect(await page.locator('#settings-extension-origins').inputValue()).toBe(origin);

    await openTab('agents');
    await page.locator('#agent-name').fill('Clara Kühn');
    await page.locator('#agent-email').fill('clara.kuehn@beispiel.de');
    await page.locator('#agent-extensions').fill('21');
    await page.locator('#agent-create').click();
    const pairing = page.locator('#pairing');
    await pairing.locator('input.pairing-link').waitFor({ timeout: 10_000 });
    expect(await pairing.innerText()).toContain(t('pairing_title', { name: 'Clara Kühn' }));
    const token = await page.locator('#pairing-token').inputValue();
    const links = await pairing.locator('input.pairing-link').evaluateAll((inputs) => inputs.map((i) => (i as unknown as { value: string }).value));
    expect(links).toHaveLength(1);
    const link = links[0]!;
    expect(link).toBe(`${origin}/options.html${await page.locator('#pairing-fragment').inputValue()}`);
    expect(link).toContain(`token=${encodeURIComponent(token)}`);

    const row = page.locator('#agents li[data-agent]', { has: page.locator('.agent-name', { hasText: 'Clara Kühn' }) });
    await row.waitFor({ timeout: 10_000 });
    expect(await row.locator('.agent-connection').getAttribute('data-connected')).toBe('false');

    // The agent opens the link in their browser: the options page fills in and saves.
    const options = await ext.context.newPage();
    await options.goto(link);
    await options.locator('html[data-ready="true"]').waitFor({ state: 'attached', timeout: 15_000 });
    expect(await options.locator('#result').innerText()).toBe(ext.t('options_pairing_link'));
    expect(await options.locator('#bridgeUrl').inputValue()).toBe(bridge.base);
    expect(await options.locator('#agentToken').inputValue()).toBe(token);
    await expect.poll(() => options.locator('#status').innerText(), { timeout: 15_000 }).toContain(ext.t('status_connected', 'Clara Kühn'));

    // The console notices on its next refresh (every 5 s).
    await expect.poll(() => row.locator('.agent-connection').getAttribute('data-connected'), { timeout: 15_000 }).toBe('true');
    expect(await row.locator('.agent-connection').innerText()).toBe(t('agent_connected'));
    await page.screenshot({ path: artifact('admin-agent-connected.png'), fullPage: true });

    // A call to extension 21 now pops the card in the agent's browser.
    const callId = `admin-e2e-card-${Date.now()}`;
    await bridge.call({ event: 'ringing', callId, from: DEMO_CALLER, to: '21' });
    const card = await findCardPage(ext.context, callId);
    await card.getByText(DEMO_COMPANY).first().waitFor({ state: 'visible', timeout: 15_000 });
    await bridge.call({ event: 'ended', callId });
    await card.close();
    await options.close();
  });

  it('lists a sipgate user id nobody has, and assigns it to an agent with one click', async () => {
    const { t } = admin;
    // sipgate names a user id no agent has: the call rings everyone, the console shows the id.
    const body = new URLSearchParams({ event: 'newCall', from: '493023125741', to: '4930999', direction: 'in', callId: `unmapped-${Date.now()}`, 'userId[]': 'w7' });
    const res = await fetch(`${bridge.base}/pbx/sipgate/${WEBHOOK_TOKEN}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: body.toString() });
    expect(res.status).toBe(200);

    await openTab('sources');
    const sipgate = page.locator('section[data-source="sipgate"]');
    const row = sipgate.locator('.unmapped-row[data-identifier="w7"]');
    await row.waitFor({ timeout: 15_000 });
    expect(await sipgate.locator('.unmapped h3').innerText()).toBe(t('unmapped_title'));
    await row.locator('select.unmapped-agent').selectOption({ label: 'Clara Kühn' });
    for (const width of [360, 400, 460]) {
      await page.setViewportSize({ width, height: 900 });
      await sipgate.locator('.unmapped').screenshot({ path: artifact(`admin-unmapped-${width}.png`) });
    }
    await page.setViewportSize({ width: 1280, height: 900 });
    await row.locator('button[data-action="assign-identifier"]').click();
    await expect.poll(() => row.count(), { timeout: 15_000 }).toBe(0);

    await openTab('agents');
    const clara = page.locator('#agents li[data-agent]', { has: page.locator('.agent-name', { hasText: 'Clara Kühn' }) });
    await expect.poll(() => clara.innerText(), { timeout: 15_000 }).toContain('w7');
  });

  it('imports 1,000 rows with 20 bad ones: detection, preview, a mapping fix, result and search', async () => {
    const { t } = admin;
    const { bytes, badLines, firstMobile } = customerCsv();
    expect(badLines).toHaveLength(20);

    await openTab('customers');
    const total = page.locator('#customer-total[data-total]');
    await total.waitFor({ timeout: 10_000 });
    const before = Number(await total.getAttribute('data-total'));
    expect(before).toBeGreaterThan(0); // the demo customers

    await page.locator('#import-file').setInputFiles({ name: 'Kundenliste Export.csv', mimeType: 'text/csv', buffer: bytes });
    const inspection = page.locator('#import-inspection');
    await inspection.waitFor({ state: 'visible', timeout: 15_000 });
    expect(await inspection.locator('.import-kind').innerText()).toBe('CSV');
    expect(await inspection.locator('.import-encoding').innerText()).toBe('windows-1252');
    expect(await inspection.locator('.import-delimiter').innerText()).toBe(';');
    expect(await inspection.locator('select.mapping-select[data-header="Mobil"]').inputValue()).toBe('mobile');
    expect(await inspection.locator('select.mapping-select[data-header="E-Mail"]').inputValue()).toBe('email');

    // The preview: the first ten rows, umlauts decoded, the bad row on line 5 marked.
    const preview = page.locator('#import-preview');
    expect(await preview.locator('tr.bad').count()).toBe(1);
    expect(await preview.locator('tr.bad td').first().innerText()).toBe('5');
    const previewText = await preview.innerText();
    expect(previewText).toContain('Jürgen');
    expect(previewText).toContain(firstMobile);

    // Take the mobile column out and put it back: the preview follows each change.
    const mobile = inspection.locator('select.mapping-select[data-header="Mobil"]');
    await mobile.selectOption('ignore');
    await expect.poll(() => preview.innerText(), { timeout: 10_000 }).not.toContain(firstMobile);
    await mobile.selectOption('mobile');
    await expect.poll(() => preview.innerText(), { timeout: 10_000 }).toContain(firstMobile);
    await expect.poll(() => preview.getAttribute('aria-busy')).toBeNull();

    await page.locator('#import-run').click();
    const result = page.locator('#import-result');
    await result.locator('[data-count="imported"]').waitFor({ state: 'visible', timeout: 30_000 });
    const count = async (name: string) => Number((await result.locator(`[data-count="${name}"]`).innerText()).replace(/\./g, ''));
    expect({ imported: await count('imported'), updated: await count('updated'), failed: await count('failed') }).toEqual({
      imported: ROWS - badLines.length,
      updated: 0,
      failed: badLines.length,
    });

    // Every bad row is listed with its line as the spreadsheet numbers it, and why.
    const errorRows = page.locator('#import-errors table.import-errors tbody tr');
    expect(await errorRows.locator('td:first-child').allInnerTexts()).toEqual(badLines.map(String));
    expect(await errorRows.nth(0).innerText()).toContain('E-Mail');
    expect(await errorRows.nth(2).innerText()).toContain('Kundennummer');
    await page.screenshot({ path: artifact('admin-import.png'), fullPage: true });

    // The count in the header grew by the imported rows; the searched customer is found.
    await expect.poll(async () => Number(await total.getAttribute('data-total')), { timeout: 10_000 }).toBe(before + ROWS - badLines.length);
    await page.locator('#customer-search').fill('Größenwahn');
    const hit = page.locator(`#customer-results li[data-customer-no="${SEARCHED.customerNo}"]`);
    await hit.waitFor({ timeout: 10_000 });
    expect(await page.locator('#customer-results li[data-customer-no]').count()).toBe(1);
    expect(await hit.locator('.customer-name').innerText()).toContain(SEARCHED.company);
    expect(await hit.innerText()).toContain(SEARCHED.lastName);
  });
});
