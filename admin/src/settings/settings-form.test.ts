import type { SettingsView } from '@ringside/shared';
import { describe, expect, it } from 'vitest';
import { translator } from '../i18n/i18n.js';
import { formValuesOf, settingInputId, settingsPatch } from './settings-form.js';
import { renderRefusedOrigins, renderSettingsForm } from './settings-screen.js';

const view: SettingsView = {
  settings: { country: 'DE', trunkPrefix: null, publicUrl: 'http://127.0.0.1:7070', retentionDays: 365, blocklist: ['+4930111'], extensionOrigins: [] },
  lockedByEnv: ['publicUrl'],
  refusedOrigins: [],
};

describe('settings form', () => {
  it('sends nothing when nothing changed', () => {
    expect(settingsPatch(formValuesOf(view.settings), view)).toEqual({ ok: true, patch: {} });
  });

  it('sends only changed, unlocked fields, lists one per line', () => {
    const values = {
      ...formValuesOf(view.settings),
      country: 'at',
      trunkPrefix: '0',
      publicUrl: 'https://elsewhere.example',
      retentionDays: ' 30 ',
      blocklist: '+4930111\n\n030 222\n',
      extensionOrigins: 'chrome-extension://abc/\nmoz-extension://def',
    };
    expect(settingsPatch(values, view)).toEqual({
      ok: true,
      patch: { country: 'AT', trunkPrefix: '0', retentionDays: 30, blocklist: ['+4930111', '030 222'], extensionOrigins: ['chrome-extension://abc', 'moz-extension://def'] },
    });
  });

  it('clears the trunk prefix with an empty field and refuses a non-number retention', () => {
    const withPrefix = { ...view, settings: { ...view.settings, trunkPrefix: '0' } };
    expect(settingsPatch({ ...formValuesOf(withPrefix.settings), trunkPrefix: ' ' }, withPrefix)).toEqual({ ok: true, patch: { trunkPrefix: null } });
    expect(settingsPatch({ ...formValuesOf(view.settings), retentionDays: '3,5' }, view)).toEqual({ ok: false, field: 'retentionDays', message: 'settings_retention_invalid' });
  });

  it('renders locked fields read-only with the variable named', () => {
    const out = renderSettingsForm(view, translator('de')).html;
    expect(settingInputId('trunkPrefix')).toBe('settings-trunk-prefix');
    expect(out).toMatch(/id="settings-public-url"[^>]*readonly/);
    expect(out).toContain('RINGSIDE_PUBLIC_URL');
    expect(out).not.toMatch(/id="settings-country"[^>]*readonly/);
    expect(out).toContain('data-field="blocklist"');
    expect(out).toContain('chrome://extensions');
  });
});

describe('refused browsers', () => {
  const refused: SettingsView = { ...view, refusedOrigins: [{ origin: 'moz-extension://2b3c4d5e-0000-4000-8000-000000000000', lastSeen: '2025-06-02T08:00:00Z', attempts: 3 }] };

  it('lists each refused origin with an allow button, and nothing when there is none', () => {
    const out = String(renderRefusedOrigins(refused, translator('en'), 'en'));
    expect(out).toContain('moz-extension://2b3c4d5e-0000-4000-8000-000000000000');
    expect(out).toContain('data-action="allow-origin"');
    expect(out).toContain('3 attempts');
    expect(out).not.toContain('disabled');
    expect(renderRefusedOrigins(view, translator('en'), 'en')).toBe('');
  });

  it('disables "allow" when the environment sets the origins', () => {
    expect(String(renderRefusedOrigins({ ...refused, lockedByEnv: ['extensionOrigins'] }, translator('de'), 'de'))).toContain('disabled');
  });
});
