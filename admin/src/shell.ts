/** The header: product name, tabs, language switch and sign-out. Pure markup. */
import { LANGUAGES, type Lang, type Translate } from './i18n/i18n.js';
import { html, type SafeHtml } from './lib/html.js';
import { ROUTES, type Route } from './router.js';

const TAB_KEYS = { sources: 'nav_sources', agents: 'nav_agents', customers: 'nav_customers', datasources: 'nav_datasources', settings: 'nav_settings' } as const;
const LANGUAGE_NAMES: Record<Lang, string> = { de: 'Deutsch', en: 'English' };

export function renderHeader(t: Translate, lang: Lang, signedIn: boolean, active: Route | null): SafeHtml {
  return html`<div class="header-inner">
    <a class="brand" href="#sources">Ringside <span class="muted">${t('app_subtitle')}</span></a>
    ${signedIn
      ? html`<nav aria-label="${t('nav_label')}"><ul class="tabs">${ROUTES.map(
          (r) => html`<li><a href="#${r}" data-route="${r}" ${r === active ? html`aria-current="page"` : ''}>${t(TAB_KEYS[r])}</a></li>`,
        )}</ul></nav>`
      : ''}
    <div class="header-tools">
      <label for="language" class="visually-hidden">${t('language')}</label>
      <select id="language">${LANGUAGES.map((l) => html`<option value="${l}" ${l === lang ? 'selected' : ''}>${LANGUAGE_NAMES[l]}</option>`)}</select>
      ${signedIn ? html`<button type="button" id="sign-out">${t('sign_out')}</button>` : ''}
    </div>
  </div>`;
}
