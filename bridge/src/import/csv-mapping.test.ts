import { describe, expect, it } from 'vitest';
import { applyOverrides, FIELD_HEADERS, FIELDS, foldHeader, guessField, guessMapping, uniqueHeaders } from './csv-mapping.js';

describe('guessField', () => {
  it.each([
    // German, as ERPs and hand-kept lists write them
    ['Kundennummer', 'customerNo'],
    ['Kd.-Nr.', 'customerNo'],
    ['Kunden-Nr', 'customerNo'],
    ['Kunden Nr.', 'customerNo'],
    ['KdNr', 'customerNo'],
    ['Debitorennummer', 'customerNo'],
    ['Firma', 'company'],
    ['Firmenname', 'company'],
    ['Unternehmen', 'company'],
    ['Anrede', 'salutation'],
    ['Titel', 'salutation'],
    ['Vorname', 'firstName'],
    ['Nachname', 'lastName'],
    ['Familienname', 'lastName'],
    ['Name', 'name'],
    ['Ansprechpartner', 'name'],
    ['Position', 'role'],
    ['Funktion', 'role'],
    ['Telefon', 'phone'],
    ['Tel.', 'phone'],
    ['Tel', 'phone'],
    ['Telefon geschäftlich', 'phone'],
    ['Telefon 2', 'phone'],
    ['Firmentelefon', 'phone'],
    ['Rufnummer', 'phone'],
    ['Durchwahl', 'phone'],
    ['Telefon privat', 'phoneHome'],
    ['Privattelefon', 'phoneHome'],
    ['Telefon Zentrale', 'switchboard'],
    ['Zentrale', 'switchboard'],
    ['Weitere Telefonnummern', 'otherPhones'],
    ['Mobil', 'mobile'],
    ['Mobiltelefon', 'mobile'],
    ['Handy', 'mobile'],
    ['Handynummer', 'mobile'],
    ['E-Mail', 'email'],
    ['EMail', 'email'],
    ['E-Mail-Adresse', 'email'],
    ['Mail', 'email'],
    ['Bemerkung', 'notes'],
    ['Bemerkungen', 'notes'],
    ['Notiz', 'notes'],
    ['Info', 'notes'],
    ['Bemerkung Ansprechpartner', 'contactNotes'],
    ['Geburtstag', 'birthday'],
    ['Geburtsdatum', 'birthday'],
    ['Geb.-Datum', 'birthday'],
    ['Kunde seit', 'customerSince'],
    // English (Outlook, Google, HubSpot exports)
    ['Customer number', 'customerNo'],
    ['Customer No.', 'customerNo'],
    ['Customer ID', 'customerNo'],
    ['Company', 'company'],
    ['Company Name', 'company'],
    ['Organization', 'company'],
    ['Title', 'salutation'],
    ['Job Title', 'role'],
    ['First name', 'firstName'],
    ['Given Name', 'firstName'],
    ['Middle Name', 'firstName'],
    ['Last name', 'lastName'],
    ['Surname', 'lastName'],
    ['Full Name', 'name'],
    ['Phone', 'phone'],
    ['Business Phone', 'phone'],
    ['Phone Number', 'phone'],
    ['Home Phone', 'phoneHome'],
    ['Mobile', 'mobile'],
    ['Mobile Phone', 'mobile'],
    ['Cell', 'mobile'],
    ['Company Main Phone', 'switchboard'],
    ['E-mail Address', 'email'],
    ['Email', 'email'],
    ['Notes', 'notes'],
    ['Birthday', 'birthday'],
    ['Date of birth', 'birthday'],
    // odd spellings: case, spacing, umlauts written out, stray punctuation
    ['  KUNDENNUMMER ', 'customerNo'],
    ['telefon_geschaeftlich', 'phone'],
    ['E_MAIL', 'email'],
    ['Vor-Name', 'firstName'],
    ['Nach Name', 'lastName'],
    ['GEBURTSTAG:', 'birthday'],
    ['Tel.-Nr.', 'phone'],
  ] as const)('%j -> %s', (header, field) => {
    expect(guessField(header)).toBe(field);
  });

  it.each([
    'Fax',
    'Telefax',
    'Fax geschäftlich',
    'Business Fax',
    'Straße',
    'Strasse',
    'Street',
    'PLZ',
    'Ort',
    'City',
    'Land',
    'Country',
    'Geburtsort',
    'IBAN',
    'USt-IdNr.',
    'Website',
    'Umsatz 2024',
    '',
    '???',
  ])('%j -> ignore', (header) => {
    expect(guessField(header)).toBe('ignore');
  });
});

describe('guessMapping', () => {
  it('maps the header line of a typical German export', () => {
    const headers = ['Kundennummer', 'Firma', 'Anrede', 'Vorname', 'Nachname', 'Telefon', 'Mobil', 'E-Mail'];
    expect(guessMapping(headers)).toEqual({
      Kundennummer: 'customerNo',
      Firma: 'company',
      Anrede: 'salutation',
      Vorname: 'firstName',
      Nachname: 'lastName',
      Telefon: 'phone',
      Mobil: 'mobile',
      'E-Mail': 'email',
    });
  });

  it('reads "Name" as the surname when there is a first-name column', () => {
    expect(guessMapping(['Vorname', 'Name'])).toEqual({ Vorname: 'firstName', Name: 'lastName' });
    expect(guessMapping(['Name', 'Telefon'])).toEqual({ Name: 'name', Telefon: 'phone' });
  });

  it('lets a real customer-number column win over a bare "Nr"', () => {
    expect(guessMapping(['Nr', 'Kundennummer', 'Firma'])).toEqual({ Nr: 'ignore', Kundennummer: 'customerNo', Firma: 'company' });
    expect(guessMapping(['Nr', 'Firma'])).toEqual({ Nr: 'customerNo', Firma: 'company' });
  });

  it('maps every header the export writes back to its own field', () => {
    const headers = FIELDS.map((f) => FIELD_HEADERS[f]);
    const mapping = guessMapping(headers);
    for (const f of FIELDS) expect([FIELD_HEADERS[f], mapping[FIELD_HEADERS[f]]]).toEqual([FIELD_HEADERS[f], f === 'name' ? 'lastName' : f]);
  });
});

describe('applyOverrides', () => {
  const guessed = guessMapping(['Kundennummer', 'Tel. 2', 'Info']);

  it('changes the named columns and nothing else', () => {
    expect(applyOverrides(guessed, ['Tel. 2=mobile', 'Info=ignore'])).toEqual({ Kundennummer: 'customerNo', 'Tel. 2': 'mobile', Info: 'ignore' });
    expect(guessed['Tel. 2']).toBe('phone');
  });

  it('finds a column by its folded header', () => {
    expect(applyOverrides(guessed, ['tel 2=mobile'])['Tel. 2']).toBe('mobile');
  });

  it.each([
    ['Tel. 2', /Header=field/],
    ['Tel. 2=handy', /unknown field "handy"/],
    ['Fax=phone', /no column "Fax"/],
  ])('rejects %j', (pair, message) => {
    expect(() => applyOverrides(guessed, [pair])).toThrow(message);
  });
});

describe('headers', () => {
  it('folds case, umlauts and punctuation', () => {
    expect(foldHeader('Telefon geschäftlich')).toBe('telefongeschaeftlich');
    expect(foldHeader('Kd.-Nr.')).toBe('kdnr');
    expect(foldHeader('Straße')).toBe('strasse');
  });

  it('makes duplicate and empty headers addressable', () => {
    expect(uniqueHeaders(['Telefon', 'Telefon', '', 'Telefon'])).toEqual(['Telefon', 'Telefon (2)', 'Spalte 3', 'Telefon (3)']);
  });
});
