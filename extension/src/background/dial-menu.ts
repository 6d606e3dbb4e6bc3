/**
 * "Mit Ringside anrufen / Call with Ringside" on selected text: opens dial.html in a small
 * window, which dials and shows the answer. Browsers show selection menus whatever the text is
 * (deciding needs a content script on every page, which we do not want to inject); dial.html
 * says plainly when the selection is no phone number.
 */
import browser from '../lib/browser.js';
import { t } from '../lib/i18n.js';

export const DIAL_MENU_ID = 'ringside-dial-selection';

export function createDialMenu(): void {
  // removeAll first: onInstalled also runs on update, and a duplicate id is an error.
  void browser.contextMenus
    .removeAll()
    .then(() => browser.contextMenus.create({ id: DIAL_MENU_ID, title: t('menu_dial'), contexts: ['selection'] }))
    .catch((err: unknown) => console.warn('[ringside] context menu', err));
}

export function onDialMenuClicked(info: { menuItemId: string | number; selectionText?: string }): void {
  if (info.menuItemId !== DIAL_MENU_ID || !info.selectionText) return;
  const url = browser.runtime.getURL(`dial.html?number=${encodeURIComponent(info.selectionText.slice(0, 200))}`);
  void browser.windows.create({ url, type: 'popup', width: 420, height: 260 }).catch(() => browser.tabs.create({ url }));
}
