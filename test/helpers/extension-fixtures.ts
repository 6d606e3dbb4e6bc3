import type { BridgeProcess } from './bridge-process.js';

/** The caller in every extension e2e test: Frau Quellmalz's direct dial at Welter Dach GmbH. */
export const CALLER = '+49 30 2312574-21';

/** Welter Dach GmbH: a switchboard, Frau Quellmalz on a direct dial, one overdue invoice. */
export async function seedWelterDach(bridge: BridgeProcess): Promise<void> {
  await bridge.expectOk('PUT', '/api/customers/10023', {
    company: 'Welter Dach GmbH',
    notes: 'Ruft lieber nach 10 Uhr an',
    customerSince: '2015-06-01',
    phones: [{ number: '030 2312574-0', label: 'Zentrale', main: true }],
    contacts: [
      {
        salutation: 'Frau',
        firstName: 'Anke',
        lastName: 'Quellmalz',
        role: 'Buchhaltung',
        notes: 'War im Urlaub auf Fuerteventura',
        phones: [{ number: '030 2312574-21', label: 'Durchwahl' }],
      },
    ],
  });
  await bridge.expectOk('PUT', '/api/customers/10023/documents/RE-2025-0042', {
    kind: 'invoice',
    title: 'Dachrinne erneuert',
    status: 'overdue',
    amount: 1234.5,
    currency: 'EUR',
    date: '2025-04-15',
    due: '2025-05-15',
    url: 'https://erp.example.de/invoices/42',
  });
}
