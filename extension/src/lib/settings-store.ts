/** Reading and writing settings: storage.managed (admin presets) over storage.local. */
import browser from './browser.js';
import { resolveSettings, SETTING_KEYS, type ResolvedSettings, type Settings } from './settings.js';

/** Firefox throws when no managed-storage manifest is installed; that just means "no presets". */
async function readManaged(): Promise<Record<string, unknown>> {
  try {
    return (await browser.storage.managed.get(SETTING_KEYS)) as Record<string, unknown>;
  } catch {
    return {};
  }
}

export async function loadSettings(): Promise<ResolvedSettings> {
  const [managed, local] = await Promise.all([readManaged(), browser.storage.local.get(SETTING_KEYS)]);
  return resolveSettings(managed, local);
}

export async function saveSettings(values: Partial<Settings>): Promise<void> {
  await browser.storage.local.set(values);
}

export function onSettingsChanged(listener: () => void): void {
  browser.storage.onChanged.addListener((changes, area) => {
    if ((area === 'local' || area === 'managed') && Object.keys(changes).some((k) => (SETTING_KEYS as string[]).includes(k))) listener();
  });
}
