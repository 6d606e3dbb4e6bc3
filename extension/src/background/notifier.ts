/** The system notification for a ringing call. */
import { notificationText } from '../card/notification-text.js';
import browser from '../lib/browser.js';
import type { CallRecord } from '../lib/call-record.js';
import { localIsoDate } from '../lib/format.js';
import { currentLocale, t } from '../lib/i18n.js';

const PREFIX = 'ringside-call:';

export const notificationId = (cardId: string): string => `${PREFIX}${cardId}`;

export function cardIdOfNotification(id: string): string | null {
  return id.startsWith(PREFIX) ? id.slice(PREFIX.length) : null;
}

export async function showCallNotification(record: CallRecord): Promise<void> {
  const { title, message } = notificationText(record, { t, locale: currentLocale(), today: localIsoDate(new Date()) });
  // Only options both browsers accept: Firefox rejects Chrome-only keys such as requireInteraction.
  await browser.notifications.create(notificationId(record.cardId), {
    type: 'basic',
    iconUrl: browser.runtime.getURL('icons/icon-128.png'),
    title,
    message,
  });
}

export async function clearCallNotification(cardId: string): Promise<void> {
  await browser.notifications.clear(notificationId(cardId));
}
