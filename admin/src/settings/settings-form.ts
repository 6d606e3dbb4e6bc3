/**
 * The settings form as data: which environment variable locks which field, and how the typed
 * text becomes a SettingsPatch with only the fields that changed and are not locked. Pure.
 */
import type { AdminSettings, SettingsPatch, SettingsView } from '@ringside/shared';
import type { MessageKey } from '../i18n/i18n.js';
import { splitList } from '../lib/dom.js';

export type SettingKey = keyof AdminSettings;

export const SETTING_KEYS: readonly SettingKey[] = ['country', 'trunkPrefix', 'publicUrl', 'retentionDays', 'blocklist', 'extensionOrigins'];

export const SETTING_ENV: Record<SettingKey, string> = {
  country: 'RINGSIDE_COUNTRY',
  trunkPrefix: 'RINGSIDE_TRUNK_PREFIX',
  publicUrl: 'RINGSIDE_PUBLIC_URL',
  retentionDays: 'RINGSIDE_RETENTION_DAYS',
  blocklist: 'RINGSIDE_BLOCKLIST',
  extensionOrigins: 'RINGSIDE_EXTENSION_ORIGINS',
};

/** Input ids: settings-country, settings-trunk-prefix, … */
export function settingInputId(key: SettingKey): string {
  return `settings-${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

export type SettingsFormValues = Record<SettingKey, string>;

export function formValuesOf(settings: AdminSettings): SettingsFormValues {
  return {
    country: settings.country,
    trunkPrefix: settings.trunkPrefix ?? '',
    publicUrl: settings.publicUrl,
    retentionDays: String(settings.retentionDays),
    blocklist: settings.blocklist.join('\n'),
    extensionOrigins: settings.extensionOrigins.join('\n'),
  };
}

export type PatchResult = { ok: true; patch: SettingsPatch } | { ok: false; field: SettingKey; message: MessageKey };

/** Lists are one entry per line (commas are accepted too, as in the environment variables). */
export function settingsPatch(values: SettingsFormValues, current: SettingsView): PatchResult {
  const locked = new Set<SettingKey>(current.lockedByEnv);
  const now = current.settings;
  const patch: SettingsPatch = {};
  const editable = (key: SettingKey) => !locked.has(key);

  if (editable('country')) {
    const country = values.country.trim().toUpperCase();
    if (country !== now.country) patch.country = country;
  }
  if (editable('trunkPrefix')) {
    const prefix = values.trunkPrefix.trim() || null;
    if (prefix !== now.trunkPrefix) patch.trunkPrefix = prefix;
  }
  if (editable('publicUrl')) {
    const url = values.publicUrl.trim().replace(/\/+$/, '');
    if (url !== now.publicUrl.replace(/\/+$/, '')) patch.publicUrl = url;
  }
  if (editable('retentionDays')) {
    const text = values.retentionDays.trim();
    if (!/^\d+$/.test(text)) return { ok: false, field: 'retentionDays', message: 'settings_retention_invalid' };
    const days = Number(text);
    if (days !== now.retentionDays) patch.retentionDays = days;
  }
  if (editable('blocklist')) {
    const list = splitList(values.blocklist);
    if (JSON.stringify(list) !== JSON.stringify(now.blocklist)) patch.blocklist = list;
  }
  if (editable('extensionOrigins')) {
    const list = splitList(values.extensionOrigins).map((o) => o.replace(/\/+$/, ''));
    if (JSON.stringify(list) !== JSON.stringify(now.extensionOrigins)) patch.extensionOrigins = list;
  }
  return { ok: true, patch };
}
