import { describe, expect, it } from 'vitest';
import { buildManifest, MANAGED_SCHEMA } from './manifest.js';
import { DEFAULT_SETTINGS } from './lib/settings.js';
import { localeMessages } from './testing/render-context.js';

const chromium = buildManifest('chromium', { version: '1.2.3' });
const firefox = buildManifest('firefox', { version: '1.2.3' });

describe('manifest', () => {
  it('is MV3 for both targets, German by default, with the same version', () => {
    for (const m of [chromium, firefox]) {
      expect(m).toMatchObject({ manifest_version: 3, default_locale: 'de', version: '1.2.3' });
      // The bridge answers CORS for extension origins: no host access, no prompt.
      expect(m).not.toHaveProperty('optional_host_permissions');
      expect(m).not.toHaveProperty('host_permissions');
    }
  });

  it('Chromium: side panel, service worker, Chrome 116+, managed schema', () => {
    expect(chromium).toMatchObject({
      minimum_chrome_version: '116',
      background: { service_worker: 'background.js' },
      side_panel: { default_path: 'sidepanel.html' },
      storage: { managed_schema: 'managed_schema.json' },
    });
    expect(chromium.permissions).toEqual(expect.arrayContaining(['sidePanel', 'alarms', 'notifications', 'storage']));
    expect(chromium).not.toHaveProperty('sidebar_action');
    expect(chromium).not.toHaveProperty('browser_specific_settings');
  });

  it('Firefox: sidebar, event page script, gecko id and minimum version', () => {
    expect(firefox).toMatchObject({
      background: { scripts: ['background.js'] },
      sidebar_action: { default_panel: 'sidepanel.html' },
      browser_specific_settings: { gecko: { id: expect.stringContaining('@'), strict_min_version: '128.0' } },
    });
    expect(firefox.permissions).not.toContain('sidePanel');
    expect(firefox).not.toHaveProperty('side_panel');
    expect(firefox).not.toHaveProperty('minimum_chrome_version');
    expect(JSON.stringify(firefox)).not.toContain('service_worker');
  });

  it('click-to-dial: a context menu in both; tel: links through Firefox\'s protocol handler (Chromium registers at run time)', () => {
    for (const m of [chromium, firefox]) expect(m.permissions).toContain('contextMenus');
    expect(firefox.protocol_handlers).toEqual([{ protocol: 'tel', name: 'Ringside', uriTemplate: '/dial.html?uri=%s' }]);
    expect(chromium).not.toHaveProperty('protocol_handlers');
  });

  it('keeps plain http/ws to a LAN bridge working (no upgrade-insecure-requests)', () => {
    for (const m of [chromium, firefox]) {
      expect(m.content_security_policy).toEqual({ extension_pages: "script-src 'self'; object-src 'self'" });
    }
  });

  it('uses only message keys that exist', () => {
    const de = localeMessages('de');
    for (const m of [chromium, firefox]) {
      for (const [, key] of JSON.stringify(m).matchAll(/__MSG_(\w+)__/g)) expect(de).toHaveProperty(key!);
    }
  });

  it('the managed schema covers the connection settings by their storage names', () => {
    expect(Object.keys(MANAGED_SCHEMA.properties).sort()).toEqual(Object.keys(DEFAULT_SETTINGS).sort());
  });
});
