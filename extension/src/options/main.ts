/**
 * Options: bridge URL and pairing token (or a pairing link `options.html#bridge=…&token=…`),
 * "Verbindung testen" (always answers within 5 s), the ringing preferences and the language.
 * No host permission is asked for: the bridge answers CORS for extension origins.
 */
import { BridgeApi } from '../lib/api.js';
import browser from '../lib/browser.js';
import { RECONNECT_MESSAGE } from '../lib/messages.js';
import { parsePairingLink } from '../lib/bridge-url.js';
import { byId, setHtml, showMessage } from '../lib/dom.js';
import { initI18n, localizePage, t } from '../lib/i18n.js';
import { isLanguageChoice } from '../lib/language.js';
import { mountTelLinks } from '../dial/tel-links.js';
import { renderStatus } from '../lib/render-status.js';
import { onSessionChanged, readStatus } from '../lib/session.js';
import type { SettingKey } from '../lib/settings.js';
import { loadSettings, saveSettings } from '../lib/settings-store.js';
import type { BackgroundStatus } from '../lib/status.js';
import { checkPairingInput, inputVerdict, meVerdict, TEST_TIMEOUT_MS, type TestVerdict } from './connection-test.js';

const form = byId<HTMLFormElement>('pairing');
const urlInput = byId<HTMLInputElement>('bridgeUrl');
const tokenInput = byId<HTMLInputElement>('agentToken');
const popupInput = byId<HTMLInputElement>('popupCard');
const notifyInput = byId<HTMLInputElement>('notifications');
const languageSelect = byId<HTMLSelectElement>('language');
const resultEl = byId('result');
const statusEl = byId('status');

function show(verdict: TestVerdict): void {
  showMessage(resultEl, verdict.text, verdict.ok ? 'ok' : 'error');
}

async function fill(): Promise<void> {
  const { values, source } = await loadSettings();
  urlInput.value = values.bridgeUrl;
  tokenInput.value = values.agentToken;
  popupInput.checked = values.popupCard;
  notifyInput.checked = values.notifications;
  languageSelect.value = values.language;
  const inputs: Record<SettingKey, HTMLInputElement | HTMLSelectElement> = { bridgeUrl: urlInput, agentToken: tokenInput, popupCard: popupInput, notifications: notifyInput, language: languageSelect };
  for (const [key, input] of Object.entries(inputs) as [SettingKey, HTMLInputElement | HTMLSelectElement][]) {
    const managed = source[key] === 'managed';
    input.disabled = managed;
    document.querySelector(`.managed-hint[data-for="${key}"]`)?.classList.toggle('hidden', !managed);
  }
}

async function testConnection(): Promise<TestVerdict> {
  const check = checkPairingInput(urlInput.value, tokenInput.value);
  if (!check.ok) return inputVerdict(check.reason, t);
  showMessage(resultEl, t('test_testing'));
  return meVerdict(await new BridgeApi(check.bridgeUrl, check.token).me(TEST_TIMEOUT_MS), check.bridgeUrl, t);
}

async function save(): Promise<void> {
  const check = checkPairingInput(urlInput.value, tokenInput.value);
  if (!check.ok) return show(inputVerdict(check.reason, t));
  const values = { popupCard: popupInput.checked, notifications: notifyInput.checked };
  await saveSettings({
    ...(urlInput.disabled ? {} : { bridgeUrl: check.bridgeUrl }),
    ...(tokenInput.disabled ? {} : { agentToken: check.token }),
    ...values,
  });
  urlInput.value = check.bridgeUrl;
  // Unchanged values fire no storage event, yet the agent expects "save" to try again now.
  void browser.runtime.sendMessage({ type: RECONNECT_MESSAGE }).catch(() => undefined);
  show(await testConnection());
}

/** An admin-generated link fills and saves; nothing else to click. */
async function applyPairingLink(): Promise<void> {
  const link = parsePairingLink(location.hash);
  if (!link) return;
  history.replaceState(null, '', location.pathname);
  await saveSettings({ bridgeUrl: link.bridgeUrl, agentToken: link.agentToken });
  await fill();
  showMessage(resultEl, t('options_pairing_link'), 'ok');
}

function showStatus(status: BackgroundStatus): void {
  statusEl.className = `status-line ${status.connection}`;
  setHtml(statusEl, renderStatus(status, t, false));
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  void save();
});
byId('test').addEventListener('click', () => void testConnection().then(show));
// The admin console's whole pairing link pasted as the token: take bridge and token from it.
tokenInput.addEventListener('input', () => {
  const link = tokenInput.value.includes('token=') ? parsePairingLink(tokenInput.value) : null;
  if (!link || urlInput.disabled || tokenInput.disabled) return;
  urlInput.value = link.bridgeUrl;
  tokenInput.value = link.agentToken;
});
window.addEventListener('hashchange', () => void applyPairingLink());
onSessionChanged((changes) => {
  const status = changes.status as BackgroundStatus | undefined;
  if (status) showStatus(status);
});

// The language applies at once: saved, then this page is drawn again in it.
languageSelect.addEventListener('change', () => {
  if (!isLanguageChoice(languageSelect.value)) return;
  void saveSettings({ language: languageSelect.value }).then(() => location.reload());
});

await initI18n();
localizePage();
mountTelLinks(byId('tel-links'), t);
document.title = t('options_title');
await fill();
await applyPairingLink();
showStatus(await readStatus());
// Saving before the stored values are in the form would overwrite them with blanks.
for (const id of ['save', 'test']) byId<HTMLButtonElement>(id).disabled = false;
document.documentElement.dataset.ready = 'true';
