/** Test data and a German render context for the pure render tests. */
import type { CustomerCard, LookupResult, SourceView } from '@ringside/shared';
import { translator } from '../i18n/i18n.js';
import type { RenderContext } from '../lib/context.js';

export const NOW = Date.parse('2026-11-20T10:15:30Z');
export const de: RenderContext = { t: translator('de'), lang: 'de', now: NOW };
export const en: RenderContext = { t: translator('en'), lang: 'en', now: NOW };

export const welterCard: CustomerCard = {
  customerNo: '10023',
  company: 'Welter Dachbau <GmbH>',
  notes: 'Rahmenvertrag Dachwartung',
  customerSince: '2016-11-23',
  phones: [{ number: '030 2312574-0', e164: '+49302312574', label: 'Zentrale', main: true }],
  contacts: [
    {
      id: 1,
      salutation: 'Herr',
      firstName: 'Jonas',
      lastName: 'Welter',
      role: 'Geschäftsführer',
      email: 'jonas@welter.example',
      birthday: null,
      notes: 'Urlaub auf Fuerteventura',
      phones: [{ number: '0170 1234567', e164: '+491701234567', label: 'mobil', main: false }],
    },
  ],
  conversations: [
    { id: 7, at: '2026-11-18T09:00:00Z', channel: 'call', agent: 'Ben', contact: 'Jonas Welter', subject: 'Angebot Dachsanierung', summary: null, result: 'Rückruf vereinbart', followUp: '2026-11-27' },
  ],
  openDocuments: [
    { documentNo: 'RE-2026-0412', kind: 'invoice', title: 'Dachrinne', status: 'overdue', amount: 1840.5, currency: 'EUR', date: '2026-10-02', due: '2026-11-01', url: 'javascript:alert(1)' },
  ],
  updatedAt: '2026-11-20T08:00:00Z',
};

export const knownLookup: LookupResult = {
  number: { raw: '+491701234567', kind: 'number', e164: '+491701234567', display: '0170 1234567' },
  status: 'known',
  matches: [{ level: 'exact', phone: welterCard.contacts[0]!.phones[0]!, contact: welterCard.contacts[0]!, card: welterCard, choices: [] }],
};

export function source(over: Partial<SourceView> = {}): SourceView {
  return {
    id: 'generic',
    name: 'Ringside-Webhook (generisch)',
    kind: 'webhook',
    enabled: true,
    urls: [{ purpose: 'webhook', url: 'http://127.0.0.1:7070/pbx/generic/tok"en' }],
    tokenNeeded: null,
    secrets: [{ name: 'genericSigningSecret', set: false, lockedByEnv: false, format: 'text' }],
    lastEvent: null,
    lastError: null,
    connection: null,
    testable: true,
    unmapped: [],
    ...over,
  };
}
