/** The render context for extension pages, from the language option and the background's status. */
import type { RenderContext } from '../card/context.js';
import { localIsoDate } from './format.js';
import { currentLocale, initI18n, t } from './i18n.js';
import { readStatus } from './session.js';

/**
 * Texts, dates and amounts in the language chosen in the options (automatic: the browser's;
 * German formats as de-DE: 1.234,50 €, 20.05.2025).
 */
export async function pageContext(): Promise<RenderContext> {
  const [status] = await Promise.all([readStatus(), initI18n()]);
  return { t, locale: currentLocale(), today: localIsoDate(new Date()), me: status.agent };
}
