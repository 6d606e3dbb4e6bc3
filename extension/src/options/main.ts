/**
 * Options: bridge URL and pairing token (or a pairing link `options.html#bridge=…&token=…`),
 * "Verbindung testen", and the two ringing preferences. Host access is requested for exactly
 * the bridge's origin, from the click that saves or tests (the prompt needs a user gesture).
 */
import { BridgeApi } from '../lib/api.js';
import { normalizeBridgeUrl, parsePairingLink } from '../lib/bridge-url.js';
import { byId, setHtml, showMessage } from '../lib/dom.js';
import { localizePage, t } from '../lib/i18n.js';
import { mountTelLinks } from '../dial/tel-links.js';
import { hasBridgeAccess, requestBridgeAccess } from '../lib/permissions.js';
import { renderStatus } from '../lib/render-status.js';
import { onSessionChanged, readStatus } from '../lib/session.js';
import type { SettingKey } from '../lib/settings.js';
import { loadSettings, saveSettings } from '../lib/settings-store.js';
import type { BackgroundStatus } from '../lib/status.js';
import { checkPairingInput, inputVerdict, meVerdict, type TestVerdict } from './connection-test.js';

const form = byId<HTMLFormElement>('pairing');
const urlInput = byId<HTMLInputElement>('bridgeUrl');
const tokenInput = byId<HTMLInputElement>('agentToken');
const popupInput = byId<HTMLInputElement>('popupCard');
const notifyInput = byId<HTMLInputElement>('notifications');
const grantButton = byId<HTMLButtonElement>('grant');
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
  const inputs: Record<SettingKey, HTMLInputElement> = { bridgeUrl: urlInput, agentToken: tokenInput, popupCard: popupInput, notifications: notifyInput };
  for (const [key, input] of Object.entries(inputs) as [SettingKey, HTMLInputElement][]) {
    const managed = source[key] === 'managed';
    input.disabled = managed;
    document.querySelector(`.managed-hint[data-for="${key}"]`)?.classList.toggle('hidden', !managed);
  }
  await updateGrantButton();
}

async function updateGrantButton(): Promise<void> {
  const url = normalizeBridgeUrl(urlInput.value);
  const needed = url.ok && !(await hasBridgeAccess(url.url));
  grantButton.classList.toggle('hidden', !needed);
  if (needed && url.ok) grantButton.title = t('options_permission_needed', url.url);
}

/** Called first thing in a click handler, while the click still counts as a user gesture. */
function askAccess(): Promise<boolean> | null {
  const url = normalizeBridgeUrl(urlInput.value);
  return url.ok ? requestBridgeAccess(url.url) : null;
}

async function testConnection(access: Promise<boolean> | null): Promise<TestVerdict> {
  const check = checkPairingInput(urlInput.value, tokenInput.value);
  if (!check.ok) return inputVerdict(check.reason, t);
  if (!(await access) && !(await hasBridgeAccess(check.bridgeUrl))) return inputVerdict('permissionDenied', t);
  showMessage(resultEl, t('test_testing'));
  return meVerdict(await new BridgeApi(check.bridgeUrl, check.token).me(), check.bridgeUrl, t);
}

async function save(access: Promise<boolean> | null): Promise<void> {
  const check = checkPairingInput(urlInput.value, tokenInput.value);
  if (!check.ok) return show(inputVerdict(check.reason, t));
  const values = { popupCard: popupInput.checked, notifications: notifyInput.checked };
  await saveSettings({
    ...(urlInput.disabled ? {} : { bridgeUrl: check.bridgeUrl }),
    ...(tokenInput.disabled ? {} : { agentToken: check.token }),
    ...values,
  });
  urlInput.value = check.bridgeUrl;
  show(await testConnection(access));
  await updateGrantButton();
}

/** An admin-generated link fills and saves; access still needs the agent's click. */
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
  void save(askAccess());
});
byId('test').addEventListener('click', () => {
  const access = askAccess();
  void testConnection(access).then(show);
});
grantButton.addEventListener('click', () => {
  const access = askAccess();
  void access?.then(async (granted) => {
    if (!granted) show(inputVerdict('permissionDenied', t));
    else show(await testConnection(null));
    await updateGrantButton();
  });
});
urlInput.addEventListener('change', () => void updateGrantButton());
// The admin console's whole pairing link pasted as the token: take bridge and token from it.
tokenInput.addEventListener('input', () => {
  const link = tokenInput.value.includes('token=') ? parsePairingLink(tokenInput.value) : null;
  if (!link || urlInput.disabled || tokenInput.disabled) return;
  urlInput.value = link.bridgeUrl;
  tokenInput.value = link.agentToken;
  void updateGrantButton();
});
window.addEventListener('hashchange', () => void applyPairingLink());
onSessionChanged((changes) => {
  const status = changes.status as BackgroundStatus | undefined;
  if (status) showStatus(status);
});

localizePage();
mountTelLinks(byId('tel-links'), t);
document.title = t('options_title');
await fill();
await applyPairingLink();
showStatus(await readStatus());
// Saving before the stored values are in the form would overwrite them with blanks.
for (const id of ['save', 'test']) byId<HTMLButtonElement>(id).disabled = false;
document.documentElement.dataset.ready = 'true';
