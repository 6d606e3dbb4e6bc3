/** The agent API client for the current settings, or why there is none. */
import { BridgeApi } from './api.js';
import { isPaired } from './settings.js';
import { loadSettings } from './settings-store.js';

export async function currentApi(): Promise<BridgeApi | null> {
  const { values } = await loadSettings();
  return isPaired(values) ? new BridgeApi(values.bridgeUrl, values.agentToken) : null;
}
