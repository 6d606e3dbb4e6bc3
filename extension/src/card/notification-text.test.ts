import { describe, expect, it } from 'vitest';
import { planCall } from '../background/call-plan.js';
import { callMessage, customerCard, lookup, match } from '../testing/fixtures.js';
import { testContext } from '../testing/render-context.js';
import { mostImportantItem, notificationText } from './notification-text.js';

const ctx = testContext();
/** Intl puts a no-break space before the euro sign; the assertions read better with a plain one. */
const plain = <T,>(v: T): T => JSON.parse(JSON.stringify(v).replace(/\u00a0/g, ' ')) as T;
const record = (msg = callMessage()) => planCall(undefined, msg, { now: Date.parse(msg.call.startedAt), serverOffsetMs: 0, popupCard: true, notifications: true, agentId: null })!.record;

describe('notification text', () => {
  it('names the caller, the company and the most important open item', () => {
    expect(plain(notificationText(record(), ctx))).toEqual({
      title: 'Frau Quellmalz',
      message: 'Welter Dach GmbH · Anke Quellmalz · Buchhaltung\nÜberfällig: Rechnung RE-2025-0042 1.234,50 €',
    });
  });

  it('prefers a due follow-up over an ordinary open document', () => {
    const card = customerCard({ openDocuments: [{ ...customerCard().openDocuments[0]!, due: '2025-07-01', kind: 'offer', documentNo: 'AN-7' }] });
    expect(mostImportantItem(card, ctx)).toBe('Wiedervorlage 23.05.2025: Dachrinne');
    expect(plain(mostImportantItem(customerCard({ conversations: [], openDocuments: card.openDocuments }), ctx))).toBe('Angebot AN-7 1.234,50 €');
  });

  it('handles unknown, withheld and ambiguous callers', () => {
    expect(notificationText(record(callMessage({ lookup: lookup({ status: 'unknown', matches: [] }) })), ctx)).toEqual({ title: '+49 30 2312574-21', message: 'Unbekannte Nummer' });
    expect(notificationText(record(callMessage({ lookup: lookup({ status: 'withheld', matches: [] }) })), ctx).title).toBe('Rufnummer unterdrückt');
    expect(notificationText(record(callMessage({ lookup: lookup({ status: 'ambiguous', matches: [match(), match()] }) })), ctx).message).toBe('2 Kunden mit dieser Nummer');
  });
});
