/** The card's own popup window: opened without a user gesture, which `sidePanel.open` needs. */
import browser from '../lib/browser.js';
import { mayReuse } from '../lib/card-window-state.js';
import { readCardWindow, writeCardWindow } from '../lib/card-window-store.js';
import { readCall } from '../lib/session.js';

const WIDTH = 460;
const HEIGHT = 720;

/** `callId` carries the card id: the conversation's first call id, or its linked id. */
export function cardUrl(cardId: string): string {
  return browser.runtime.getURL(`card.html?callId=${encodeURIComponent(cardId)}`);
}

interface Bounds {
  left?: number;
  top?: number;
  width: number;
  height: number;
}

/** Top right of the window the agent works in, where it covers the least, and no taller. */
async function placement(): Promise<Bounds> {
  try {
    const current = await browser.windows.getLastFocused();
    if (current.left === undefined || current.width === undefined || current.top === undefined || current.height === undefined) {
      return { width: WIDTH, height: HEIGHT };
    }
    const height = Math.min(HEIGHT, Math.max(400, current.height - 72));
    return { left: Math.max(0, current.left + current.width - WIDTH - 16), top: current.top + 72, width: WIDTH, height };
  } catch {
    return { width: WIDTH, height: HEIGHT };
  }
}

export async function openCardWindow(cardId: string): Promise<number | null> {
  const create = (bounds: Bounds) => browser.windows.create({ url: cardUrl(cardId), type: 'popup', focused: true, ...bounds });
  let window;
  try {
    window = await create(await placement());
  } catch {
    // Chromium refuses bounds mostly off-screen (a small or changed display): let it place the window.
    window = await create({ width: WIDTH, height: HEIGHT });
  }
  return window.id ?? null;
}

/**
 * Show a card: in the card window that is already open (the page switches to the new call;
 * a frame instead of a new window), unless that window holds unsaved input, still shows a call
 * that has not ended (two calls at once each get their card), or is gone; then in a new
 * window, which becomes the one to reuse.
 */
export async function showCard(cardId: string): Promise<number | null> {
  const current = await readCardWindow();
  const shownCall = current && current.cardId !== cardId ? await readCall(current.cardId) : null;
  if (current && mayReuse(current, shownCall, cardId)) {
    try {
      // Throws when the agent closed the window in the meantime.
      await Promise.all([
        writeCardWindow({ windowId: current.windowId, cardId, busy: false }),
        browser.windows.update(current.windowId, { focused: true, drawAttention: true }),
      ]);
      return current.windowId;
    } catch {
      // Gone: open a new one below.
    }
  }
  const windowId = await openCardWindow(cardId);
  if (windowId !== null) await writeCardWindow({ windowId, cardId, busy: false });
  return windowId;
}

/** The reused window was closed: the next call opens a new one. */
export async function forgetCardWindow(windowId: number): Promise<void> {
  const current = await readCardWindow();
  if (current?.windowId === windowId) await writeCardWindow(null);
}
