/**
 * A customer with everything long at once, as a German trade business's ERP delivers it: an
 * 81-character company name, three contacts on a switchboard, a 2,000-character note, 40 open
 * documents with long titles and five conversations with long subjects. Used by the layout
 * test at 360/400/460 px and 200% zoom.
 */
import type { BridgeProcess } from './bridge-process.js';

export const LONG_CUSTOMER_NO = '40017';
export const LONG_COMPANY = 'Welter Dach- und Fassadenbau GmbH & Co. KG – Niederlassung Mönchengladbach-Rheydt';
export const LONG_CALLER = '+49 2166 918273-0';

const NOTE_SENTENCES = [
  'Bitte immer zuerst die Bauleitung anrufen, bevor ein Termin vor Ort bestätigt wird.',
  'Rechnungen ausschließlich per E-Mail an die Buchhaltung, Papierrechnungen werden zurückgeschickt.',
  'Schlüssel für das Lager liegt beim Hausmeister, Herr Brockmann, Zufahrt über die Gartenstraße.',
  'Skonto nur bei Zahlung innerhalb von zehn Tagen, Rahmenvertrag läuft bis Ende des nächsten Jahres.',
];

export function longNote(length = 2000): string {
  let text = '';
  for (let i = 0; text.length < length; i++) text += `${NOTE_SENTENCES[i % NOTE_SENTENCES.length]} `;
  return text.slice(0, length).trim();
}

export async function seedLongCustomer(bridge: BridgeProcess, agentToken: string): Promise<void> {
  await bridge.expectOk('PUT', `/api/customers/${LONG_CUSTOMER_NO}`, {
    company: LONG_COMPANY,
    notes: longNote(),
    customerSince: '2016-06-01',
    phones: [{ number: '02166 918273-0', label: 'Zentrale Niederlassung', main: true }],
    contacts: [
      { salutation: 'Frau', firstName: 'Anke-Friederike', lastName: 'Quellmalz-Hoffmeister', role: 'Leiterin Buchhaltung und Rechnungsprüfung', email: 'anke.quellmalz-hoffmeister@welter-fassadenbau.de', phones: [{ number: '02166 918273-21', label: 'Durchwahl' }, { number: '0171 5550123', label: 'Mobil' }] },
      { salutation: 'Herr', firstName: 'Jonas', lastName: 'Welter', role: 'Geschäftsführender Gesellschafter', email: 'j.welter@welter-fassadenbau.de', phones: [{ number: '02166 918273-10', label: 'Durchwahl' }] },
      { salutation: 'Herr', firstName: 'Bartholomäus', lastName: 'Schwarzenberger', role: 'Bauleitung Dachsanierung', email: null, phones: [{ number: '02166 918273-35', label: 'Durchwahl' }] },
    ],
  });
  for (let i = 1; i <= 40; i++) {
    const overdue = i <= 3;
    await bridge.expectOk('PUT', `/api/customers/${LONG_CUSTOMER_NO}/documents/RE-2025-${String(1000 + i)}`, {
      kind: i % 3 === 0 ? 'offer' : i % 3 === 1 ? 'invoice' : 'order',
      title: `Sanierung Flachdach Halle ${i}, Abdichtung und Wärmedämmung inklusive Entwässerung`,
      status: overdue ? 'overdue' : 'open',
      amount: 1234.5 * i,
      currency: 'EUR',
      date: '2025-04-15',
      due: overdue ? '2025-05-15' : '2026-12-11',
      url: `https://erp.example.de/belege/${i}`,
    });
  }
  for (let i = 1; i <= 5; i++) {
    await bridge.expectOk(
      'POST',
      `/api/me/customers/${LONG_CUSTOMER_NO}/conversations`,
      {
        channel: i % 2 ? 'call' : 'email',
        contact: 'Frau Anke-Friederike Quellmalz-Hoffmeister',
        subject: `Reklamation Dachrinnenentwässerung Bauabschnitt ${i} und Nachbesserung der Attikaabdeckung`,
        summary: longNote(400),
        result: 'Angebot über Nachbesserung bis Freitag zugesagt, Rückruf durch die Bauleitung',
        followUp: '2026-12-11',
      },
      agentToken,
    );
  }
}
