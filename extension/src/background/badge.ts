/** Applies the badge look to the toolbar button. */
import browser from '../lib/browser.js';
import { t } from '../lib/i18n.js';
import type { BadgeLook } from './badge-look.js';

export { badgeLook } from './badge-look.js';

export async function applyBadge(look: BadgeLook): Promise<void> {
  await Promise.allSettled([
    browser.action.setBadgeText({ text: look.text }),
    browser.action.setBadgeBackgroundColor({ color: look.color }),
    browser.action.setTitle({ title: t(look.titleKey) }),
  ]);
}
