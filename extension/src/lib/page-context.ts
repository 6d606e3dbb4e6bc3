/** The render context for extension pages, from the browser and the background's status. */
import type { RenderContext } from '../card/context.js';
import { DEFAULT_LOCALE, localIsoDate } from './format.js';
import { t } from './i18n.js';
import { readStatus } from './session.js';

/**
 * Amounts and dates are always formatted the German way (1.234,50 €, 20.05.2025): the data
 * comes from a German business's ERP, whatever language the browser's menus are in.
 */
export async function pageContext(): Promise<RenderContext> {
  const status = await readStatus();
  return { t, locale: DEFAULT_LOCALE, today: localIsoDate(new Date()), me: status.agent };
}
