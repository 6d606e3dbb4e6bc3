/**
 * The console's entry: decides between sign-in and the tabs (GET /admin/api/session), mounts
 * the screen of the current hash route, and handles language switch and sign-out.
 */
import './styles.css';
import { agentsScreen } from './agents/agents-screen.js';
import { customersScreen } from './customers/customers-screen.js';
import { dataSourcesScreen } from './datasources/datasources-screen.js';
import { detectLanguage, LANG_STORAGE_KEY, translator, type Lang, type Translate } from './i18n/i18n.js';
import { api } from './lib/api.js';
import { setUnauthorizedHandler } from './lib/api-client.js';
import { installCopyButtons } from './lib/clipboard.js';
import { confirmDialog } from './lib/confirm.js';
import { byId, setHtml } from './lib/dom.js';
import { errorText } from './lib/field-errors.js';
import { html } from './lib/html.js';
import type { Screen, ScreenContext } from './lib/screen.js';
import { routeOf, type Route } from './router.js';
import { renderHeader } from './shell.js';
import { mountSignIn } from './sign-in.js';
import { settingsScreen } from './settings/settings-screen.js';
import { sourcesScreen } from './sources/sources-screen.js';

const SCREENS: Record<Route, Screen> = { sources: sourcesScreen, agents: agentsScreen, customers: customersScreen, datasources: dataSourcesScreen, settings: settingsScreen };

function storedLanguage(): string | null {
  try {
    return localStorage.getItem(LANG_STORAGE_KEY);
  } catch {
    return null;
  }
}

let lang: Lang = detectLanguage(storedLanguage(), navigator.languages ?? [navigator.language]);
let t: Translate = translator(lang);
let signedIn = false;
let unmount: () => void = () => {};

const header = byId('app-header');
const screen = byId('screen');
const confirm = confirmDialog(byId<HTMLDialogElement>('confirm-dialog'), () => t);

function applyLanguage(): void {
  document.documentElement.lang = lang;
  document.title = t('app_title');
}

function renderShell(): void {
  setHtml(header, renderHeader(t, lang, signedIn, signedIn ? routeOf(location.hash) : null));
}

function mountRoute(): void {
  unmount();
  const route = routeOf(location.hash);
  renderShell();
  const ctx: ScreenContext = { t, lang, confirm };
  unmount = SCREENS[route](screen, ctx);
  screen.focus({ preventScroll: true });
}

function showSignIn(reason: 'start' | 'expired' | 'signed-out'): void {
  unmount();
  unmount = () => {};
  signedIn = false;
  renderShell();
  mountSignIn(screen, t, () => {
    signedIn = true;
    mountRoute();
  }, reason);
}

async function start(): Promise<void> {
  applyLanguage();
  renderShell();
  try {
    const session = await api.session();
    if (session) {
      signedIn = true;
      mountRoute();
    } else showSignIn('start');
  } catch (err) {
    setHtml(screen, html`<section class="panel"><p class="message error">${errorText(err, t)}</p>
      <button type="button" id="retry">${t('retry')}</button></section>`);
    screen.querySelector('#retry')?.addEventListener('click', () => void start());
  }
}

setUnauthorizedHandler(() => {
  if (signedIn) showSignIn('expired');
});

installCopyButtons(document.body, () => t);

window.addEventListener('hashchange', () => {
  if (signedIn) mountRoute();
});

header.addEventListener('change', (event) => {
  const select = event.target as HTMLSelectElement;
  if (select.id !== 'language') return;
  lang = select.value === 'en' ? 'en' : 'de';
  t = translator(lang);
  try {
    localStorage.setItem(LANG_STORAGE_KEY, lang);
  } catch {
    // private mode: the choice lasts for this page only
  }
  applyLanguage();
  if (signedIn) mountRoute();
  else showSignIn('start');
  byId('language').focus();
});

header.addEventListener('click', (event) => {
  const button = (event.target as Element | null)?.closest('#sign-out');
  if (!button) return;
  void api
    .signOut()
    .catch(() => undefined)
    .then(() => showSignIn('signed-out'));
});

void start();
