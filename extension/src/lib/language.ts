/**
 * The language option: automatic (the browser's), Deutsch or English, for the texts and for
 * dates, times and amounts. Pure, so the mapping is unit-tested; `i18n.ts` applies it.
 */
export const LANGUAGE_CHOICES = ['auto', 'de', 'en'] as const;
export type LanguageChoice = (typeof LANGUAGE_CHOICES)[number];
export type UiLanguage = 'de' | 'en';

export function isLanguageChoice(value: unknown): value is LanguageChoice {
  return typeof value === 'string' && (LANGUAGE_CHOICES as readonly string[]).includes(value);
}

/** Automatic follows the browser; any language we have no texts for gets German, the default locale. */
export function uiLanguage(choice: LanguageChoice, browserLanguage: string): UiLanguage {
  if (choice !== 'auto') return choice;
  return browserLanguage.toLowerCase().startsWith('en') ? 'en' : 'de';
}

/**
 * The locale for Intl: German means de-DE; English keeps the browser's English region
 * (en-US, en-GB) and otherwise takes en-GB, whose day-month-year order a German office reads right.
 */
export function formatLocale(language: UiLanguage, browserLocale: string): string {
  if (language === 'de') return 'de-DE';
  return /^en(-|$)/i.test(browserLocale) && browserLocale.length > 2 ? browserLocale : 'en-GB';
}
