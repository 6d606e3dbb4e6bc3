/**
 * Typed settings with defaults. An administrator's preset in `storage.managed` (enterprise
 * policy) wins over what the agent saved in `storage.local`, key by key; the options page
 * shows preset keys as locked. Pure, so the precedence is unit-tested without a browser.
 */
import { normalizeBridgeUrl } from './bridge-url.js';
import { isLanguageChoice, type LanguageChoice } from './language.js';

export interface Settings {
  bridgeUrl: string;
  agentToken: string;
  /** Open the card in its own window while the phone rings. */
  popupCard: boolean;
  /** Show a system notification for a ringing call. */
  notifications: boolean;
  /** UI language and the locale of dates and amounts: the browser's, or fixed. */
  language: LanguageChoice;
}

export type SettingKey = keyof Settings;
export type SettingSource = 'managed' | 'local' | 'default';

export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze({
  bridgeUrl: '',
  agentToken: '',
  popupCard: true,
  notifications: true,
  language: 'auto',
});

export const SETTING_KEYS = Object.keys(DEFAULT_SETTINGS) as SettingKey[];

export interface ResolvedSettings {
  values: Settings;
  source: Record<SettingKey, SettingSource>;
}

type Coerce<T> = (raw: unknown) => T | undefined;

const asString: Coerce<string> = (raw) => (typeof raw === 'string' ? raw.trim() : undefined);
const asBool: Coerce<boolean> = (raw) => (typeof raw === 'boolean' ? raw : undefined);
const asLanguage: Coerce<LanguageChoice> = (raw) => (isLanguageChoice(raw) ? raw : undefined);
const asBridgeUrl: Coerce<string> = (raw) => {
  if (typeof raw !== 'string') return undefined;
  if (raw.trim() === '') return '';
  const normalized = normalizeBridgeUrl(raw);
  return normalized.ok ? normalized.url : undefined;
};

const COERCE: { [K in SettingKey]: Coerce<Settings[K]> } = {
  bridgeUrl: asBridgeUrl,
  agentToken: asString,
  popupCard: asBool,
  notifications: asBool,
  language: asLanguage,
};

function record(raw: unknown): Record<string, unknown> {
  return raw !== null && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
}

/**
 * A managed value counts only when it is valid and non-empty: an empty string in a policy
 * template should not lock an agent out of pairing.
 */
export function resolveSettings(managedRaw: unknown, localRaw: unknown): ResolvedSettings {
  const managed = record(managedRaw);
  const local = record(localRaw);
  const values = { ...DEFAULT_SETTINGS } as Settings;
  const source = {} as Record<SettingKey, SettingSource>;
  for (const key of SETTING_KEYS) {
    const fromManaged = COERCE[key](managed[key]);
    const fromLocal = COERCE[key](local[key]);
    if (fromManaged !== undefined && fromManaged !== '') {
      (values as unknown as Record<string, unknown>)[key] = fromManaged;
      source[key] = 'managed';
    } else if (fromLocal !== undefined) {
      (values as unknown as Record<string, unknown>)[key] = fromLocal;
      source[key] = 'local';
    } else {
      source[key] = 'default';
    }
  }
  return { values, source };
}

export function isPaired(settings: Pick<Settings, 'bridgeUrl' | 'agentToken'>): boolean {
  return settings.bridgeUrl !== '' && settings.agentToken !== '';
}

/** Only these two change which socket the background should hold. */
export function connectionKey(settings: Pick<Settings, 'bridgeUrl' | 'agentToken'>): string {
  return isPaired(settings) ? `${settings.bridgeUrl}\n${settings.agentToken}` : '';
}
