import { describe, expect, it } from 'vitest';
import { guessMapping } from './csv-mapping.js';
import { buildRow, columnsOf, compileMapping, mapRow, parseDate, phoneKey, splitName, type RowResult } from './rows.js';

const DE = { country: 'DE' as const, trunkPrefix: null };
const HEADERS = ['Kundennummer', 'Firma', 'Anrede', 'Vorname', 'Nachname', 'Telefon', 'Mobil', 'E-Mail', 'Geburtstag', 'Bemerkung'];
const MAPPING = guessMapping(HEADERS);
const COMPILED = compileMapping(HEADERS, MAPPING);

function row(cells: Partial<Record<(typeof HEADERS)[number], string>>, line = 2): RowResult {
  return mapRow(line, HEADERS.map((h) => cells[h] ?? ''), COMPILED, DE, columnsOf(MAPPING));
}

function ok(r: RowResult) {
  if (!r.ok) throw new Error(`expected a customer, got: ${r.field}: ${r.message}`);
  return r;
}

describe('mapRow', () => {
  it('makes a company row with a contact person; the switchboard goes on the company as main number', () => {
    const r = ok(
      row({
        Kundennummer: '10023',
        Firma: 'Welter Dachbau GmbH',
        Anrede: 'Herr',
        Vorname: 'Jonas',
        Nachname: 'Welter',
        Telefon: '030 2312574-0',
        Mobil: '0170 1234567',
        'E-Mail': 'jonas@welter.example',
        Geburtstag: '14.03.1975',
        Bemerkung: 'Rahmenvertrag',
      }),
    );
    expect(r.customerNo).toBe('10023');
    expect(r.input).toEqual({
      company: 'Welter Dachbau GmbH',
      notes: 'Rahmenvertrag',
      customerSince: null,
      phones: [{ number: '030 2312574-0', label: null, main: true }],
      contacts: [
        {
          salutation: 'Herr',
          firstName: 'Jonas',
          lastName: 'Welter',
          role: null,
          email: 'jonas@welter.example',
          birthday: '1975-03-14',
          notes: null,
          phones: [{ number: '0170 1234567', label: 'mobil', main: false }],
        },
      ],
    });
  });

  it('makes a row without company a private customer with one contact', () => {
    const r = ok(row({ Kundennummer: 'P-7', Vorname: 'Erika', Nachname: 'Mustermann', Telefon: '089 99998123-0' }));
    expect(r.input.company).toBeNull();
    expect(r.input.phones).toEqual([]);
    expect(r.input.contacts).toHaveLength(1);
    // A private customer has no switchboard: `-0` there is just how the number was typed.
    expect(r.input.contacts[0]!.phones).toEqual([{ number: '089 99998123-0', label: null, main: false }]);
  });

  it('keeps a company without contact person as a company with its numbers', () => {
    const r = ok(row({ Kundennummer: '5', Firma: 'Solartechnik Nord KG', Telefon: '040 66969000' }));
    expect(r.input.contacts).toEqual([]);
    expect(r.input.phones).toEqual([{ number: '040 66969000', label: null, main: false }]);
  });

  it('keys a row without customer number by its first readable number (T + E.164 digits)', () => {
    const r = ok(row({ Vorname: 'Erika', Nachname: 'Mustermann', Telefon: 'unbekannt', Mobil: '0170 1234567' }));
    expect(r.customerNo).toBe('T491701234567');
    expect(phoneKey('+491701234567')).toBe('T491701234567');
    // The same number however it is written: a re-import with other formatting updates, too.
    expect(ok(row({ Nachname: 'Mustermann', Mobil: '+49 (0)170 / 123 45 67' })).customerNo).toBe('T491701234567');
  });

  it('takes off the apostrophe the export puts before formula-like text', () => {
    expect(ok(row({ Kundennummer: '1', Firma: "'=Dach & Co" })).input.company).toBe('=Dach & Co');
    expect(ok(row({ Kundennummer: '1', Firma: "'s Bauhaus" })).input.company).toBe("'s Bauhaus");
  });

  it.each([
    ['Hr.', 'Herr'],
    ['Frau', 'Frau'],
    ['Herrn', 'Herr'],
    ['Firma', null],
    ['Herr Dr.', 'Herr Dr.'],
  ])('salutation %j -> %j', (anrede, expected) => {
    expect(ok(row({ Kundennummer: '1', Firma: 'X', Anrede: anrede, Nachname: 'Y' })).input.contacts[0]!.salutation).toBe(expected);
  });
});

describe('per-row errors', () => {
  it.each([
    ['a bad e-mail', { Kundennummer: '1', Nachname: 'A', 'E-Mail': 'a(at)example.de' }, 'email', 'E-Mail', /email/i],
    ['a bad birthday', { Kundennummer: '1', Nachname: 'A', Geburtstag: '31.02.1980' }, 'birthday', 'Geburtstag', /not a date/],
    ['a birthday that is not a date at all', { Kundennummer: '1', Nachname: 'A', Geburtstag: 'im Mai' }, 'birthday', 'Geburtstag', /not a date/],
    ['no name and no company', { Kundennummer: '1', Telefon: '030 1234567', 'E-Mail': 'a@b.de' }, 'name', undefined, /company nor a name/],
    ['no customer number and no number', { Nachname: 'A', Telefon: 'folgt' }, 'customerNo', 'Kundennummer', /no readable phone/],
    ['a customer number with spaces', { Kundennummer: 'K 10', Nachname: 'A' }, 'customerNo', 'Kundennummer', /may contain/],
    ['a number longer than 60 characters', { Kundennummer: '1', Nachname: 'A', Telefon: '0'.repeat(61) }, 'phone', 'Telefon', /60/],
  ])('%s', (_name, cells, field, column, message) => {
    const r = row(cells, 17);
    expect(r).toMatchObject({ ok: false, line: 17, field, message: expect.stringMatching(message) });
    expect(r.ok ? undefined : r.column).toBe(column);
  });
});

describe('buildRow', () => {
  it('splits a full name and joins several columns of one field', () => {
    const r = ok(buildRow(3, { name: ['Herr Hans Peter von Müller'], phone: ['030 1234567'], notes: ['a', 'b'] }, DE));
    expect(r.input.contacts[0]).toMatchObject({ salutation: 'Herr', firstName: 'Hans Peter', lastName: 'von Müller' });
    expect(r.input.notes).toBe('a\nb');
  });

  it('splits several numbers in one cell and keeps the switchboard on the company', () => {
    const r = ok(
      buildRow(3, { company: ['A GmbH'], lastName: ['B'], switchboard: ['030 2312574'], otherPhones: ['030 111111 | 0170 2222222, 040 333333'] }, DE),
    );
    expect(r.input.phones).toEqual([{ number: '030 2312574', label: 'Zentrale', main: true }]);
    expect(r.input.contacts[0]!.phones.map((p) => p.number)).toEqual(['030 111111', '0170 2222222', '040 333333']);
    expect(r.customerNo).toBe('T49302312574');
  });
});

describe('parseDate', () => {
  const now = new Date(2026, 5, 1);
  it.each([
    ['14.03.1975', '1975-03-14'],
    ['14.3.1975', '1975-03-14'],
    ['1.1.2000', '2000-01-01'],
    ['14.03.75', '1975-03-14'],
    ['14.03.05', '2005-03-14'],
    ['29.02.2024', '2024-02-29'],
    ['1975-03-14', '1975-03-14'],
    ['1975-3-4', '1975-03-04'],
    ['19750314', '1975-03-14'],
    ['1975-03-14T00:00:00Z', '1975-03-14'],
    ['14.03.1975 00:00:00', '1975-03-14'],
    ['', null],
    ['--03-14', null],
    ['--0314', null],
    ['14.03.', null],
    ['29.02.2023', undefined],
    ['31.04.1990', undefined],
    ['1975-13-01', undefined],
    ['03/14/1975', undefined],
    ['gestern', undefined],
  ])('%j -> %j', (text, iso) => {
    expect(parseDate(text, now)).toBe(iso);
  });
});

describe('splitName', () => {
  it.each([
    ['Müller, Hans', { salutation: null, firstName: 'Hans', lastName: 'Müller' }],
    ['Hans Müller', { salutation: null, firstName: 'Hans', lastName: 'Müller' }],
    ['Frau Anna von der Heide', { salutation: 'Frau', firstName: 'Anna', lastName: 'von der Heide' }],
    ['Müller', { salutation: null, firstName: null, lastName: 'Müller' }],
    ['Herr', { salutation: null, firstName: null, lastName: 'Herr' }],
  ])('%j', (full, parts) => {
    expect(splitName(full)).toEqual(parts);
  });
});
