/**
 * The background: owns the one socket, turns call events into cards and notifications, keeps
 * the badge honest. Listeners are registered synchronously at the top level, as MV3 requires
 * for a service worker (Chromium) or event page (Firefox) that is woken by them.
 *
 * Staying connected:
 * - Chromium: the 20 s application ping keeps the service worker alive while the socket is
 *   open; the 30 s alarm restarts a stopped worker, which reconnects with its event cursor.
 * - Firefox: WebSocket traffic does not keep an event page alive, but every dispatched extension
 *   event resets its idle timer. A 20 s alarm therefore keeps the page (and its socket) running,
 *   and is at the same time the watchdog that reconnects if Firefox unloads it anyway.
 *   See extension/README.md, "Staying connected".
 */
import type { ServerMessage } from '@ringside/shared';
import browser, { browserFlavor, chromeSidePanel } from '../lib/browser.js';
import { SessionKey } from '../lib/call-record.js';
import { RECONNECT_MESSAGE } from '../lib/messages.js';
import { applyLanguage } from '../lib/i18n.js';
import { connectionKey, DEFAULT_SETTINGS, isPaired, type Settings } from '../lib/settings.js';
import { loadSettings, onSettingsChanged } from '../lib/settings-store.js';
import { INITIAL_STATUS, type BackgroundStatus } from '../lib/status.js';
import { applyBadge, badgeLook } from './badge.js';
import { cursorAfterWelcome } from './call-plan.js';
import { CallCenter } from './calls.js';
import { EventCursor } from './cursor.js';
import { cardIdOfNotification } from './notifier.js';
import { Connection } from './socket.js';
import { createDialMenu, onDialMenuClicked } from './dial-menu.js';

const WATCHDOG_ALARM = 'ringside-watchdog';
const flavor = browserFlavor();
const watchdogMinutes = flavor === 'firefox' ? 1 / 3 : 0.5;

let settings: Settings = { ...DEFAULT_SETTINGS };
let activeKey = '';
let status: BackgroundStatus = { ...INITIAL_STATUS };
let lastNormalWindowId: number | null = null;
const cursor = new EventCursor();
let inbox: Promise<void> = Promise.resolve();

function publish(patch: Partial<BackgroundStatus>): void {
  status = { ...status, ...patch, updatedAt: Date.now() };
  void browser.storage.session.set({ [SessionKey.status]: status });
  void applyBadge(badgeLook(status.connection, status.ringing));
}

const calls = new CallCenter({
  context: () => ({
    serverOffsetMs: status.serverOffsetMs,
    popupCard: settings.popupCard,
    notifications: settings.notifications,
    agentId: status.agent?.id ?? null,
  }),
  onRingingChanged: (ringing) => {
    if (ringing !== status.ringing) publish({ ringing });
  },
});

function serverOffset(serverTime: string): number {
  const server = Date.parse(serverTime);
  return Number.isNaN(server) ? status.serverOffsetMs : server - Date.now();
}

async function onMessage(message: ServerMessage): Promise<void> {
  const bridgeUrl = settings.bridgeUrl;
  switch (message.type) {
    case 'welcome': {
      const stored = await cursor.get(bridgeUrl);
      await cursor.set(bridgeUrl, cursorAfterWelcome(stored, message.lastEventId));
      publish({ agent: message.agent, serverOffsetMs: serverOffset(message.serverTime) });
      break;
    }
    case 'call':
      await calls.handle(message);
      await cursor.advance(bridgeUrl, message.eventId);
      break;
    case 'pong':
      status = { ...status, serverOffsetMs: serverOffset(message.serverTime) };
      break;
    case 'error':
      console.warn('[ringside] bridge error', message.code, message.message);
      break;
    default:
      break;
  }
}

const connection = new Connection({
  hello: async () => {
    const lastEventId = await cursor.get(settings.bridgeUrl);
    return {
      type: 'hello',
      token: settings.agentToken,
      ...(lastEventId > 0 ? { lastEventId } : {}),
      client: `ringside-extension/${browser.runtime.getManifest().version} (${flavor})`,
    };
  },
  // One message after another: the welcome's cursor reset must not overtake a replayed event.
  onMessage: (message) => {
    inbox = inbox.then(() => onMessage(message)).catch((err: unknown) => console.error('[ringside] message failed', err));
  },
  onStatus: (connection) => publish({ connection }),
});

async function ensureWatchdog(paired: boolean): Promise<void> {
  if (!paired) {
    await browser.alarms.clear(WATCHDOG_ALARM);
    return;
  }
  const existing = await browser.alarms.get(WATCHDOG_ALARM);
  if (existing?.periodInMinutes !== watchdogMinutes) {
    await browser.alarms.create(WATCHDOG_ALARM, { periodInMinutes: watchdogMinutes, delayInMinutes: watchdogMinutes });
  }
}

async function applySettings(): Promise<void> {
  settings = (await loadSettings()).values;
  // Notifications speak the language chosen in the options.
  await applyLanguage(settings.language);
  const key = connectionKey(settings);
  if (key !== activeKey) {
    activeKey = key;
    if (!key) publish({ agent: null });
    connection.configure(key ? { bridgeUrl: settings.bridgeUrl, token: settings.agentToken } : null);
  }
  await ensureWatchdog(isPaired(settings));
  // Pages read the status from session storage; a fresh worker must put one there.
  if (status.updatedAt === 0) publish({ connection: connection.status });
}

const ready = applySettings().catch((err: unknown) => console.error('[ringside] start failed', err));

browser.alarms.onAlarm.addListener((alarm) => {
  if (alarm.name !== WATCHDOG_ALARM) return;
  void ready.then(() => {
    connection.watchdog();
    void calls.refreshRinging();
  });
});

onSettingsChanged(() => void applySettings());

browser.notifications.onClicked.addListener((id) => {
  const cardId = cardIdOfNotification(id);
  if (!cardId) return;
  // The click is a user gesture only until the first await: open the panel synchronously.
  const sidePanel = chromeSidePanel();
  if (sidePanel && lastNormalWindowId !== null) void sidePanel.open({ windowId: lastNormalWindowId }).catch(() => undefined);
  if (!sidePanel) void browser.sidebarAction?.open().catch(() => undefined);
  void calls.focus(cardId);
  void browser.notifications.clear(id);
});

browser.windows.onRemoved.addListener((windowId) => void calls.forgetWindow(windowId));

browser.windows.onFocusChanged.addListener((windowId) => {
  if (windowId === browser.windows.WINDOW_ID_NONE) return;
  void browser.windows
    .get(windowId)
    .then((w) => {
      if (w.type === 'normal') lastNormalWindowId = windowId;
    })
    .catch(() => undefined);
});

void browser.windows
  .getLastFocused()
  .then((w) => {
    if (w.type === 'normal') lastNormalWindowId = w.id ?? null;
  })
  .catch(() => undefined);

// Chromium: the toolbar button opens the side panel. Firefox: it toggles the sidebar.
void chromeSidePanel()?.setPanelBehavior({ openPanelOnActionClick: true }).catch(() => undefined);
if (!chromeSidePanel()) browser.action.onClicked.addListener(() => void browser.sidebarAction.toggle());

browser.contextMenus.onClicked.addListener((info) => onDialMenuClicked(info));

browser.runtime.onInstalled.addListener(({ reason }) => {
  createDialMenu();
  if (reason !== 'install') return;
  void ready.then(() => {
    if (!isPaired(settings)) void browser.runtime.openOptionsPage();
  });
});

// Back from sleep or offline: do not wait out the backoff.
globalThis.addEventListener?.('online', () => connection.wake());

// The options page saved (unchanged values fire no storage event): try again now.
browser.runtime.onMessage.addListener((message: unknown) => {
  if ((message as { type?: unknown } | null)?.type === RECONNECT_MESSAGE) void ready.then(() => connection.wake());
  return undefined;
});
