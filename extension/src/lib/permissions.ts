/** Host access for exactly the paired bridge, asked for at run time (optional_host_permissions). */
import browser, { browserFlavor } from './browser.js';
import { hostPermissionPattern } from './bridge-url.js';

function originsFor(bridgeUrl: string): string[] {
  return [hostPermissionPattern(bridgeUrl, browserFlavor() === 'chromium')];
}

export function hasBridgeAccess(bridgeUrl: string): Promise<boolean> {
  return browser.permissions.contains({ origins: originsFor(bridgeUrl) });
}

/** Must run inside a click handler: browsers only show the prompt for a user gesture. */
export async function requestBridgeAccess(bridgeUrl: string): Promise<boolean> {
  try {
    return await browser.permissions.request({ origins: originsFor(bridgeUrl) });
  } catch {
    return false;
  }
}
