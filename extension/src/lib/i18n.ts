/**
 * UI text from `_locales`, in the language the agent chose in the options (automatic: the
 * browser's, through its own `i18n.getMessage`). A fixed choice loads that language's
 * messages.json from the extension itself, since `getMessage` only ever follows the browser.
 * Pages call `initI18n()` before rendering; `t` and `currentLocale()` then reflect the choice.
 */
import browser from './browser.js';
import { translatorFrom, type LocaleMessages, type Translate } from './i18n-core.js';
import { formatLocale, uiLanguage, type LanguageChoice, type UiLanguage } from './language.js';
import { loadSettings } from './settings-store.js';

const browserTranslate: Translate = (key, substitutions) =>
  browser.i18n.getMessage(key, substitutions === undefined ? undefined : typeof substitutions === 'string' ? substitutions : [...substitutions]) || key;

let translate: Translate = browserTranslate;
let language: UiLanguage = uiLanguage('auto', browser.i18n.getUILanguage());
let locale = formatLocale(language, navigator.language);

export const t: Translate = (key, substitutions) => translate(key, substitutions);

/** The Intl locale for dates, times and amounts. */
export function currentLocale(): string {
  return locale;
}

async function messagesOf(lang: UiLanguage): Promise<LocaleMessages> {
  const response = await fetch(browser.runtime.getURL(`_locales/${lang}/messages.json`));
  return (await response.json()) as LocaleMessages;
}

export async function applyLanguage(choice: LanguageChoice): Promise<void> {
  language = uiLanguage(choice, browser.i18n.getUILanguage());
  locale = formatLocale(language, navigator.language);
  if (choice === 'auto') {
    translate = browserTranslate;
    return;
  }
  try {
    const own = translatorFrom(await messagesOf(language));
    translate = (key, substitutions) => own(key, substitutions) || key;
  } catch {
    // A broken package must not leave the page without text: the browser's language it is.
    translate = browserTranslate;
  }
}

export async function initI18n(): Promise<void> {
  await applyLanguage((await loadSettings()).values.language);
}

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
  document.documentElement.lang = language;
}
