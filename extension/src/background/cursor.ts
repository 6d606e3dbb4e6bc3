/**
 * The highest event id seen, kept in storage.local per bridge so hello can ask for exactly the
 * events missed while the worker was stopped or the network was down.
 */
import browser from '../lib/browser.js';

interface StoredCursor {
  bridgeUrl: string;
  lastEventId: number;
}

const KEY = 'eventCursor';

export class EventCursor {
  private value: StoredCursor | null = null;

  async get(bridgeUrl: string): Promise<number> {
    if (this.value === null) {
      const stored = (await browser.storage.local.get(KEY))[KEY] as StoredCursor | undefined;
      this.value = stored ?? { bridgeUrl, lastEventId: 0 };
    }
    // Another bridge's numbers mean nothing here.
    return this.value.bridgeUrl === bridgeUrl ? this.value.lastEventId : 0;
  }

  async set(bridgeUrl: string, lastEventId: number): Promise<void> {
    this.value = { bridgeUrl, lastEventId };
    await browser.storage.local.set({ [KEY]: this.value });
  }

  async advance(bridgeUrl: string, eventId: number): Promise<void> {
    if (eventId > (await this.get(bridgeUrl))) await this.set(bridgeUrl, eventId);
  }
}
