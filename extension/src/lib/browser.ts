/**
 * The one import of webextension-polyfill: every other module gets the promise-based `browser`
 * namespace from here, so Chromium and Firefox run the same code.
 */
import browser from 'webextension-polyfill';

export default browser;
export type { Alarms, Notifications, Runtime, Storage, Windows } from 'webextension-polyfill';

/** Chromium's side panel (not in the polyfill's types, which follow Firefox's schema). */
interface ChromeSidePanel {
  open(options: { windowId?: number; tabId?: number }): Promise<void>;
  setPanelBehavior(behavior: { openPanelOnActionClick: boolean }): Promise<void>;
}

export function chromeSidePanel(): ChromeSidePanel | null {
  const chrome = (globalThis as { chrome?: { sidePanel?: ChromeSidePanel } }).chrome;
  return chrome?.sidePanel ?? null;
}

/**
 * One build serves both browsers, so the few differences are detected at run time from the
 * API that exists rather than from the user agent.
 */
export type BrowserFlavor = 'chromium' | 'firefox';
export function browserFlavor(): BrowserFlavor {
  return chromeSidePanel() ? 'chromium' : 'firefox';
}
