/** The reused card window's state in storage.session (rules: card-window-state.ts). */
import browser from './browser.js';
import { SessionKey } from './call-record.js';
import { isCardWindowState, type CardWindowState } from './card-window-state.js';

export async function readCardWindow(): Promise<CardWindowState | null> {
  const value = (await browser.storage.session.get(SessionKey.cardWindow))[SessionKey.cardWindow];
  return isCardWindowState(value) ? value : null;
}

export async function writeCardWindow(state: CardWindowState | null): Promise<void> {
  if (state) await browser.storage.session.set({ [SessionKey.cardWindow]: state });
  else await browser.storage.session.remove(SessionKey.cardWindow);
}
