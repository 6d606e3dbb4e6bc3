import { html, type SafeHtml } from '../lib/html.js';
import type { Translate } from '../lib/i18n-core.js';

const MARK = '\u0000';

/**
 * A translated sentence with one value that must not break across lines ("Über die Zentrale
 * 02166 918273-0" must not end a line at "918273-"): the value goes in a nowrap span, and the
 * text around it still wraps. The characters stay as they are, so copying the number works.
 */
export function textWithNowrap(t: Translate, key: string, value: string): SafeHtml {
  const [before = '', after = ''] = t(key, MARK).split(MARK);
  return html`${before}<span class="nowrap">${value}</span>${after}`;
}
