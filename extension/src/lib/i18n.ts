/** UI text through the browser's i18n (`_locales`), German first. */
import browser from './browser.js';
import type { Translate } from './i18n-core.js';

export const t: Translate = (key, substitutions) =>
  browser.i18n.getMessage(key, substitutions === undefined ? undefined : typeof substitutions === 'string' ? substitutions : [...substitutions]) || key;

/**
 * Static page text lives in the HTML as `data-i18n` attributes naming a message (text), `data-i18n-placeholder`,
 * `data-i18n-title` and `data-i18n-aria-label` attributes.
 */
export function localizePage(root: ParentNode = document): void {
  for (const el of root.querySelectorAll<HTMLElement>('[data-i18n]')) el.textContent = t(el.dataset.i18n ?? '');
  for (const [attr, data] of [
    ['placeholder', 'i18nPlaceholder'],
    ['title', 'i18nTitle'],
    ['aria-label', 'i18nAriaLabel'],
  ] as const) {
    for (const el of root.querySelectorAll<HTMLElement>(`[data-i18n-${attr}]`)) el.setAttribute(attr, t(el.dataset[data] ?? ''));
  }
  document.documentElement.lang = browser.i18n.getUILanguage().slice(0, 2);
}
