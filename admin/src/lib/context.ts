import type { Lang, Translate } from '../i18n/i18n.js';

/** What pure render functions need: words, the language for dates and numbers, and "now". */
export interface RenderContext {
  t: Translate;
  lang: Lang;
  now: number;
}
