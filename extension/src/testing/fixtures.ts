/** Protocol messages for unit tests: Welter Dach GmbH with Frau Quellmalz as the contact. */
import type { CallMessage, CallView, CardMatch, Contact, CustomerCard, LookupResult, NumberInfo } from '@ringside/shared';

export const number = (over: Partial<NumberInfo> = {}): NumberInfo => ({
  raw: '+4930231257421',
  kind: 'number',
  e164: '+4930231257421',
  display: '+49 30 2312574-21',
  ...over,
});

export const contact = (over: Partial<Contact> = {}): Contact => ({
  id: 7,
  salutation: 'Frau',
  firstName: 'Anke',
  lastName: 'Quellmalz',
  role: 'Buchhaltung',
  email: 'a.quellmalz@welter-dach.de',
  birthday: '1971-06-02',
  notes: 'War im Urlaub auf Fuerteventura',
  phones: [{ number: '030 2312574-21', e164: '+4930231257421', label: 'Durchwahl', main: false }],
  ...over,
});

export const customerCard = (over: Partial<CustomerCard> = {}): CustomerCard => ({
  customerNo: '10023',
  company: 'Welter Dach GmbH',
  notes: 'Ruft lieber nach 10 Uhr an',
  customerSince: '2015-06-01',
  phones: [{ number: '030 2312574-0', e164: '+49302312574', label: 'Zentrale', main: true }],
  contacts: [contact()],
  conversations: [
    { id: 3, at: '2025-05-20T09:30:00Z', channel: 'call', agent: 'Ben', contact: 'Frau Quellmalz', subject: 'Dachrinne', summary: 'Angebot besprochen', result: 'Angebot bis Freitag', followUp: '2025-05-23' },
  ],
  openDocuments: [
    { documentNo: 'RE-2025-0042', kind: 'invoice', title: 'Dachrinne erneuert', status: 'open', amount: 1234.5, currency: 'EUR', date: '2025-05-01', due: '2025-05-15', url: 'https://erp.example.de/invoices/42' },
  ],
  updatedAt: '2025-05-20T09:30:00Z',
  ...over,
});

export const match = (over: Partial<CardMatch> = {}): CardMatch => ({
  level: 'exact',
  phone: { number: '030 2312574-21', e164: '+4930231257421', label: 'Durchwahl', main: false },
  contact: contact(),
  card: customerCard(),
  choices: [],
  ...over,
});

export const lookup = (over: Partial<LookupResult> = {}): LookupResult => ({
  number: number(),
  status: 'known',
  matches: [match()],
  ...over,
});

export const callView = (over: Partial<CallView> = {}): CallView => ({
  callId: 'c1',
  linkedId: null,
  source: 'generic',
  direction: 'in',
  state: 'ringing',
  outcome: null,
  from: number(),
  to: null,
  agentIds: ['agent-anna'],
  answeredBy: null,
  answeredByAgentId: null,
  answeredByName: null,
  cause: null,
  startedAt: '2025-06-02T08:00:00.000Z',
  answeredAt: null,
  endedAt: null,
  customerNo: '10023',
  callerName: 'Frau Anke Quellmalz (Welter Dach GmbH)',
  ...over,
});

export const callMessage = (over: Partial<CallMessage> = {}, view: Partial<CallView> = {}): CallMessage => ({
  type: 'call',
  eventId: 1,
  event: 'ringing',
  call: callView(view),
  lookup: lookup(),
  ...over,
});
