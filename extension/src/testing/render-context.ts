import { readFileSync } from 'node:fs';
import { translatorFrom, type LocaleMessages } from '../lib/i18n-core.js';
import type { RenderContext } from '../card/context.js';

export function localeMessages(lang: 'de' | 'en'): LocaleMessages {
  const url = new URL(`../../public/_locales/${lang}/messages.json`, import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as LocaleMessages;
}

/** The real German texts, a fixed day and a fixed zone, so expectations are literal strings. */
export function testContext(over: Partial<RenderContext> = {}): RenderContext {
  return {
    t: translatorFrom(localeMessages('de')),
    locale: 'de-DE',
    today: '2025-06-02',
    me: { id: 'a1', name: 'Anna', extensions: ['21'] },
    timeZone: 'Europe/Berlin',
    ...over,
  };
}

/** Visible text of an HTML string, entities decoded, whitespace collapsed: what the agent reads. */
export function textOf(html: string): string {
  return html
    .replace(/<[^>]*>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&#96;/g, '`')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}
