/**
 * German first, English second. The dictionaries are plain objects of the same keys (the type
 * of `en` is derived from `de`, and a unit test checks both directions and empty strings).
 * Parameters are named: `t('agents_created', { name })` fills `{name}`.
 */
import { de, type MessageKey, type Messages } from './de.js';
import { en } from './en.js';

export type Lang = 'de' | 'en';
export type { MessageKey };
export type Params = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: Params) => string;

export const DICTIONARIES: Record<Lang, Messages> = { de, en };
export const LANGUAGES: readonly Lang[] = ['de', 'en'];
export const LANG_STORAGE_KEY = 'ringside-admin-lang';

export function fill(template: string, params: Params = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : String(value);
  });
}

export function translator(lang: Lang): Translate {
  const dict = DICTIONARIES[lang];
  return (key, params) => fill(dict[key], params);
}

/** A stored choice wins; else the browser's first German or English preference; else German. */
export function detectLanguage(stored: string | null, preferred: readonly string[]): Lang {
  if (stored === 'de' || stored === 'en') return stored;
  for (const tag of preferred) {
    const base = tag.toLowerCase().split('-')[0];
    if (base === 'de' || base === 'en') return base;
  }
  return 'de';
}
