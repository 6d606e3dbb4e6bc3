/**
 * One manifest source, two targets. Chromium gets the side panel and a service worker;
 * Firefox gets a sidebar and an event page (it has no background service workers).
 */
export type Target = 'chromium' | 'firefox';

export interface ManifestOptions {
  version: string;
}

/** Chrome 116: a WebSocket message keeps the service worker alive, and sidePanel.open exists. */
export const MINIMUM_CHROME_VERSION = '116';
/** Firefox 128 (ESR): has storage.session and MV3 event pages. */
export const FIREFOX_MIN_VERSION = '128.0';
export const GECKO_ID = 'ringside@ringside.invalid';

const ICONS = { '16': 'icons/icon-16.png', '32': 'icons/icon-32.png', '48': 'icons/icon-48.png', '128': 'icons/icon-128.png' };

export function buildManifest(target: Target, options: ManifestOptions): Record<string, unknown> {
  const common = {
    manifest_version: 3,
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    version: options.version,
    default_locale: 'de',
    icons: ICONS,
    action: { default_title: '__MSG_actionTitle__', default_icon: ICONS },
    options_ui: { page: 'options.html', open_in_tab: true },
    // No host permission: the bridge answers CORS for extension origins (its allowlist), so
    // the agent API is reached like any cross-origin service and no prompt is needed.
    // Firefox's default MV3 policy adds `upgrade-insecure-requests`, which turns the ws:// and
    // http:// of a bridge on the office LAN into wss:// and https:// that nothing answers.
    content_security_policy: { extension_pages: "script-src 'self'; object-src 'self'" },
  };
  if (target === 'chromium') {
    return {
      ...common,
      minimum_chrome_version: MINIMUM_CHROME_VERSION,
      background: { service_worker: 'background.js' },
      side_panel: { default_path: 'sidepanel.html' },
      // contextMenus: "Call with Ringside" on selected text. tel: links: Chromium has no
      // protocol_handlers key for extensions; the options page registers dial.html through
      // navigator.registerProtocolHandler, which Chromium allows extension pages to do.
      permissions: ['storage', 'alarms', 'notifications', 'sidePanel', 'contextMenus'],
      storage: { managed_schema: 'managed_schema.json' },
    };
  }
  return {
    ...common,
    background: { scripts: ['background.js'] },
    sidebar_action: {
      default_panel: 'sidepanel.html',
      default_title: '__MSG_actionTitle__',
      default_icon: ICONS,
      open_at_install: false,
    },
    permissions: ['storage', 'alarms', 'notifications', 'contextMenus'],
    // tel: links on any page open dial.html (Firefox asks the user once which handler to use).
    protocol_handlers: [{ protocol: 'tel', name: 'Ringside', uriTemplate: '/dial.html?uri=%s' }],
    browser_specific_settings: {
      gecko: {
        id: GECKO_ID,
        strict_min_version: FIREFOX_MIN_VERSION,
        // Customer data goes only to the business's own bridge, never to the extension's authors.
        data_collection_permissions: { required: ['none'] },
      },
    },
  };
}

/** Enterprise presets (Chromium policy `3rdparty.extensions.<id>`): bridgeUrl and agentToken. */
export const MANAGED_SCHEMA = {
  type: 'object',
  properties: {
    bridgeUrl: {
      title: 'Bridge URL',
      description: 'Address of the Ringside bridge, e.g. https://ringside.example.com. Overrides what the agent enters.',
      type: 'string',
    },
    agentToken: {
      title: 'Agent pairing token',
      description: "The agent's pairing token from POST /api/agents. Overrides what the agent enters.",
      type: 'string',
    },
    popupCard: { title: 'Open the card in a window while ringing', type: 'boolean' },
    notifications: { title: 'Show a system notification while ringing', type: 'boolean' },
    language: {
      title: 'Language',
      description: 'auto (the browser language), de or en: texts, dates and amounts on every page of the extension.',
      type: 'string',
      enum: ['auto', 'de', 'en'],
    },
  },
} as const;
