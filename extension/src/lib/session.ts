/** Pages read call records and the connection status that the background keeps in storage.session. */
import browser from './browser.js';
import { callKey, callRecordsOf, isCallRecord, SessionKey, type CallRecord } from './call-record.js';
import { INITIAL_STATUS, type BackgroundStatus } from './status.js';

export async function readCall(cardId: string): Promise<CallRecord | null> {
  const key = callKey(cardId);
  const value = (await browser.storage.session.get(key))[key];
  return isCallRecord(value) ? value : null;
}

export async function readAllCalls(): Promise<CallRecord[]> {
  return callRecordsOf((await browser.storage.session.get(null)) as Record<string, unknown>);
}

export async function readStatus(): Promise<BackgroundStatus> {
  const value = (await browser.storage.session.get(SessionKey.status))[SessionKey.status] as BackgroundStatus | undefined;
  return value ?? INITIAL_STATUS;
}

export async function writeCall(record: CallRecord): Promise<void> {
  await browser.storage.session.set({ [callKey(record.cardId)]: record });
}

/** Calls `listener` with the changed session keys and their new values. */
export function onSessionChanged(listener: (changes: Record<string, unknown>) => void): void {
  browser.storage.onChanged.addListener((changes, area) => {
    if (area !== 'session') return;
    listener(Object.fromEntries(Object.entries(changes).map(([k, c]) => [k, c.newValue])));
  });
}
