/** The card's own popup window: opened without a user gesture, which `sidePanel.open` needs. */
import browser from '../lib/browser.js';

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

/** Focus the card if its window still exists; otherwise the agent asked for it, so reopen. */
export async function focusCardWindow(cardId: string, windowId: number | null): Promise<number | null> {
  if (windowId !== null) {
    try {
      await browser.windows.update(windowId, { focused: true, drawAttention: true });
      return windowId;
    } catch {
      // Closed in the meantime.
    }
  }
  return openCardWindow(cardId);
}
