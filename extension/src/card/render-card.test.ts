import { describe, expect, it } from 'vitest';
import { callView, contact, customerCard, lookup, match, number } from '../testing/fixtures.js';
import { testContext, textOf } from '../testing/render-context.js';
import { renderCaller } from './render-caller.js';
import { renderCallState } from './render-call-state.js';
import { renderCustomer } from './render-customer.js';

const ctx = testContext();

describe('known caller, exact match', () => {
  const out = renderCaller(lookup(), null, ctx).html;
  const text = textOf(out);

  it('greets the contact with salutation and last name, then company, customer number and match level', () => {
    expect(text).toMatch(/^Frau Quellmalz Anke Quellmalz · Buchhaltung Welter Dach GmbH Kd\.-Nr\. 10023 Nummer erkannt/);
    expect(text).toContain('Kd.-Nr. 10023');
    expect(text).toContain('Nummer erkannt');
  });

  it('shows the personal notes of contact and customer', () => {
    expect(text).toContain('War im Urlaub auf Fuerteventura');
    expect(text).toContain('Ruft lieber nach 10 Uhr an');
  });

  it('lists the last conversation with when, who, channel, subject and result', () => {
    expect(text).toContain('20.05.2025, 11:30');
    expect(text).toMatch(/Ben .*Telefonat .*Dachrinne .*Angebot bis Freitag/);
    expect(text).toContain('Wiedervorlage 23.05.2025');
  });

  it('shows open documents with amount in de-DE, due date, overdue mark and a source link', () => {
    expect(text).toContain('Rechnung');
    expect(text).toContain('RE-2025-0042');
    expect(text).toContain('1.234,50 €');
    expect(text).toContain('fällig am 15.05.2025 · überfällig');
    expect(out).toContain('class="doc overdue"');
    expect(out).toContain('href="https://erp.example.de/invoices/42"');
  });
});

describe('match levels and candidates', () => {
  it('names the switchboard when the company number matched through a direct-dial extension', () => {
    const viaSwitchboard = lookup({
      matches: [match({ level: 'switchboard', contact: null, phone: { number: '030 2312574-0', e164: '+49302312574', label: 'Zentrale', main: true } })],
    });
    const text = textOf(renderCaller(viaSwitchboard, null, ctx).html);
    expect(text).toContain('Welter Dach GmbH');
    expect(text).toContain('Über die Zentrale 030 2312574-0');
    expect(text).toMatch(/^Welter Dach GmbH Kd\.-Nr\. 10023/);
  });

  const two = lookup({
    status: 'ambiguous',
    matches: [
      match(),
      match({ level: 'exact', contact: contact({ id: 9, salutation: 'Herr', firstName: 'Jonas', lastName: 'Welter', notes: null }), card: customerCard({ customerNo: '20077', company: 'Welter Privat' }) }),
    ],
  });

  it('offers a short list instead of silently picking one of several customers', () => {
    const out = renderCaller(two, null, ctx).html;
    const text = textOf(out);
    expect(text).toContain('2 Kunden mit dieser Nummer');
    expect(text).toContain('Wer ruft an?');
    expect(text).toContain('Frau Anke Quellmalz');
    expect(text).toContain('Herr Jonas Welter');
    expect(out.match(/data-action="choose"/g)).toHaveLength(2);
    expect(out).toContain('data-customer-no="20077"');
    expect(text).not.toContain('Letzte Gespräche');
  });

  it('shows the chosen candidate with a way back to the list', () => {
    const text = textOf(renderCaller(two, '20077', ctx).html);
    expect(text).toContain('← Alle 2 Kandidaten');
    expect(text).toContain('Herr Welter');
    expect(text).toContain('Kd.-Nr. 20077');
    expect(text).not.toContain('Kd.-Nr. 10023');
  });
});

describe('callers without a customer', () => {
  it('unknown: the formatted number and forms to create or attach', () => {
    const out = renderCaller(lookup({ status: 'unknown', matches: [] }), null, ctx).html;
    const text = textOf(out);
    expect(text).toContain('+49 30 2312574-21');
    expect(text).toContain('Unbekannte Nummer');
    expect(text).toContain('Neuen Kunden anlegen');
    expect(text).toContain('Nummer einem Kunden zuordnen');
    expect(out).toContain('data-form="create"');
    expect(out).toContain('data-form="attach-search"');
    expect(out).toContain('value="+49 30 2312574-21"');
  });

  it('withheld: said plainly, nothing to create', () => {
    const out = renderCaller(lookup({ status: 'withheld', matches: [], number: number({ raw: 'anonymous', kind: 'withheld', e164: null, display: 'anonymous' }) }), null, ctx).html;
    expect(textOf(out)).toContain('Rufnummer unterdrückt');
    expect(out).not.toContain('<form');
  });

  it('internal and invalid numbers', () => {
    expect(textOf(renderCaller(lookup({ status: 'internal', matches: [], number: number({ raw: '22', kind: 'internal', e164: null, display: '22' }) }), null, ctx).html)).toContain('Interner Anruf von 22');
    expect(textOf(renderCaller(lookup({ status: 'invalid', matches: [], number: number({ raw: 'abc', kind: 'invalid', e164: null, display: 'abc' }) }), null, ctx).html)).toContain('Keine gültige Rufnummer: „abc“');
  });
});

describe('what deserves an apology or a smile', () => {
  it('a missed call nobody returned, said as the agent would', () => {
    const one = textOf(renderCustomer(customerCard(), match(), ctx, { pendingCallbacks: [{ source: 'generic', callId: 'm1', startedAt: '2025-06-01T12:02:00Z' }] }).html);
    expect(one).toContain('Verpasst gestern 14:02 – noch nicht zurückgerufen');
    const two = textOf(
      renderCustomer(customerCard(), match(), ctx, {
        pendingCallbacks: [
          { source: 'generic', callId: 'm1', startedAt: '2025-05-28T07:00:00Z' },
          { source: 'generic', callId: 'm2', startedAt: '2025-06-02T06:15:00Z' },
        ],
      }).html,
    );
    expect(two).toContain('2 verpasste Anrufe, zuletzt heute 08:15 – noch nicht zurückgerufen');
    expect(textOf(renderCustomer(customerCard(), match(), ctx).html)).not.toContain('Verpasst');
  });

  it('the overdue total, per currency', () => {
    const doc = customerCard().openDocuments[0]!;
    const docs = [doc, { ...doc, documentNo: 'RE-2', amount: 100 }, { ...doc, documentNo: 'RE-3', amount: 50, currency: 'CHF' }, { ...doc, documentNo: 'AN-1', due: null, status: 'open' as const }];
    const text = textOf(renderCustomer(customerCard({ openDocuments: docs }), match(), ctx).html).replace(/\u00a0/g, ' ');
    expect(text).toContain('3 Vorgänge überfällig, zusammen 1.334,50 € + 50,00 CHF');
    expect(textOf(renderCustomer(customerCard({ openDocuments: [] }), match(), ctx).html)).not.toContain('Überfällig');
  });

  it('a birthday within the coming week', () => {
    const soon = (birthday: string) => textOf(renderCustomer(customerCard({ customerSince: null }), match({ contact: contact({ birthday }) }), ctx).html);
    expect(soon('1971-06-03')).toContain('Frau Quellmalz hat morgen Geburtstag');
    expect(soon('1971-06-09')).toContain('Frau Quellmalz hat in 7 Tagen Geburtstag');
    expect(soon('1971-06-10')).not.toContain('Geburtstag');
    expect(soon('1971-06-01')).not.toContain('Geburtstag');
  });
});

describe('contacts to pick from', () => {
  const ben = contact({ id: 8, salutation: 'Herr', firstName: 'Ben', lastName: 'Welter', role: 'Geschäftsführer', birthday: null, notes: null, email: 'ben@welter-dach.de', phones: [{ number: '030 2312574-10', e164: '+4930231257410', label: 'Durchwahl', main: false }] });
  const viaSwitchboard = match({ level: 'switchboard', contact: null, choices: [contact(), ben] });

  it('lists each contact with role and direct dial as a tel: link', () => {
    const out = renderCustomer(customerCard({ contacts: [contact(), ben] }), viaSwitchboard, ctx).html;
    const text = textOf(out);
    expect(text).toMatch(/^Welter Dach GmbH/);
    expect(text).toContain('Mit wem sprechen Sie?');
    expect(text).toContain('Herr Welter · Geschäftsführer');
    expect(out.match(/data-action="pick-contact"/g)).toHaveLength(2);
    expect(out).toContain('href="tel:+4930231257410"');
    expect(out).toContain('href="mailto:ben@welter-dach.de"');
  });

  it('greets the picked contact and marks the pick', () => {
    const out = renderCustomer(customerCard({ contacts: [contact(), ben] }), viaSwitchboard, ctx, { chosenContactId: 8 }).html;
    expect(textOf(out)).toMatch(/^Herr Welter Ben Welter · Geschäftsführer Welter Dach GmbH/);
    expect(out).toContain('aria-pressed="true"');
    expect(textOf(out)).toContain('Jemand anderes');
  });
});

describe('links', () => {
  it('numbers and e-mail addresses are tel: and mailto: links; anything else stays text', () => {
    const out = renderCustomer(customerCard(), match(), ctx).html;
    expect(out).toContain('<a class="nowrap" href="tel:+4930231257421">030 2312574-21</a>');
    expect(out).toContain('<a class="nowrap" href="tel:+49302312574">030 2312574-0</a>');
    expect(out).toContain('href="mailto:a.quellmalz@welter-dach.de"');
    // Opened from the search, nobody greeted: every contact's numbers and address.
    const fromSearch = renderCustomer(customerCard(), null, ctx).html;
    expect(fromSearch).toContain('href="mailto:a.quellmalz@welter-dach.de"');
    expect(fromSearch).toContain('href="tel:+4930231257421"');
    const odd = renderCustomer(customerCard({ phones: [{ number: 'javascript:alert(1)', e164: null, label: null, main: true }], contacts: [contact({ email: 'x" onclick="y' })] }), null, ctx).html;
    expect(odd).not.toContain('href="javascript');
    expect(odd).not.toContain('mailto:');
  });
});

describe('moments', () => {
  it('mentions a birthday today and a round customer anniversary', () => {
    const card = customerCard({ customerSince: '2015-06-05' });
    const text = textOf(renderCustomer(card, match({ contact: contact({ birthday: '1971-06-02' }) }), ctx).html);
    expect(text).toContain('Frau Quellmalz hat heute Geburtstag (54 Jahre)');
    expect(text).toContain('Seit 10 Jahren Kunde');
  });

  it('says nothing on ordinary days', () => {
    const text = textOf(renderCustomer(customerCard({ customerSince: '2016-01-01' }), match({ contact: contact({ birthday: '1971-01-01' }) }), ctx).html);
    expect(text).not.toContain('Geburtstag');
    expect(text).not.toContain('Jahren Kunde');
  });
});

describe('long data and escaping', () => {
  it('shows at most five conversations and every open document', () => {
    const conversations = Array.from({ length: 20 }, (_, i) => ({ ...customerCard().conversations[0]!, id: i, subject: `Thema ${i}` }));
    const docs = Array.from({ length: 12 }, (_, i) => ({ ...customerCard().openDocuments[0]!, documentNo: `RE-${i}`, due: null, status: 'open' as const }));
    const out = renderCustomer(customerCard({ conversations, openDocuments: docs }), null, ctx).html;
    expect(out).not.toContain('<table');
    expect(out.match(/class="conv"/g)).toHaveLength(5);
    expect(textOf(out)).toContain('Thema 4');
    expect(textOf(out)).not.toContain('Thema 5');
    // Every document is there; after the first five they fold under "7 weitere Vorgänge".
    expect(out.match(/class="doc"/g)).toHaveLength(12);
    expect(out.indexOf('<details class="more-documents"><summary>7 weitere Vorgänge</summary>')).toBeGreaterThan(out.indexOf('RE-4'));
  });

  it('keeps a very long note whole and escaped, folded after a few lines', () => {
    const long = 'Sehr lange Notiz <b> '.repeat(100);
    const out = renderCustomer(customerCard({ notes: long }), null, ctx).html;
    expect(out).not.toContain('<b>');
    expect(textOf(out)).toContain(long.trim());
    expect(out).toContain('class="fold folded"');
    expect(textOf(out)).toContain('Mehr anzeigen');
    expect(renderCustomer(customerCard({ notes: 'Kurz.' }), null, ctx).html).not.toContain('fold');
  });

  it('puts greeting and open items before notes and history', () => {
    const out = renderCustomer(customerCard({ notes: 'N'.repeat(2000), company: 'W'.repeat(80) }), match(), ctx).html;
    const at = (needle: string) => out.indexOf(needle);
    expect(at('class="caller-name"')).toBeLessThan(at('class="attention"'));
    expect(at('class="attention"')).toBeLessThan(at('class="documents"'));
    expect(at('class="documents"')).toBeLessThan(at('class="notes"'));
    expect(at('class="notes"')).toBeLessThan(at('class="history"'));
  });

  it('escapes markup and attribute breakouts from every data field', () => {
    const evil = '<img src=x onerror=alert(1)>"\'`';
    const card = customerCard({
      customerNo: 'X" onmouseover="alert(1)',
      company: evil,
      notes: evil,
      contacts: [],
      conversations: [{ ...customerCard().conversations[0]!, subject: evil, agent: evil }],
      openDocuments: [{ ...customerCard().openDocuments[0]!, title: evil, documentNo: evil, url: 'javascript:alert(1)' }],
    });
    const out = renderCustomer(card, null, ctx).html;
    expect(out).not.toContain('<img');
    expect(out).not.toContain('javascript:');
    expect(out).not.toContain('" onmouseover="');
    expect(out).toContain('&lt;img src=x onerror=alert(1)&gt;&quot;&#39;&#96;');
  });
});

describe('call state', () => {
  it('ringing, taken by a colleague, taken by me, ended, missed', () => {
    const state = (over: Parameters<typeof callView>[0]) => textOf(renderCallState(callView(over), ctx).html);
    expect(state({})).toContain('Anruf von +49 30 2312574-21 10:00 Klingelt');
    expect(state({ state: 'answered', answeredBy: '22', answeredByAgentId: 'a2', answeredByName: 'Ben' })).toContain('Angenommen von Ben');
    expect(state({ state: 'answered', answeredBy: '21', answeredByAgentId: 'a1', answeredByName: 'Anna' })).toContain('Von Ihnen angenommen');
    // The phone system's own name for me (sipgate w0) is still me: the bridge resolved it.
    expect(state({ state: 'answered', answeredBy: 'w0', answeredByAgentId: 'a1', answeredByName: 'Anna' })).toContain('Von Ihnen angenommen');
    // My extension answered, but the bridge says it was a colleague sharing it: not mine.
    expect(state({ state: 'answered', answeredBy: '21', answeredByAgentId: 'a2', answeredByName: 'Ben' })).toContain('Angenommen von Ben');
    expect(state({ state: 'ended', outcome: 'answered', answeredBy: '22', answeredByAgentId: 'a2', answeredByName: 'Ben' })).toContain('Beendet · angenommen von Ben');
    expect(state({ state: 'ended', outcome: 'blocked' })).toContain('Gesperrt');
    expect(state({ state: 'ended', outcome: 'missed' })).toContain('Verpasst – bitte zurückrufen');
  });
});
