import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { RowResult } from './rows.js';
import { cardRow, vcardRows } from './vcard.js';

const DE = { country: 'DE' as const, trunkPrefix: null };
const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

async function all(src: string | Uint8Array): Promise<RowResult[]> {
  const out: RowResult[] = [];
  for await (const r of vcardRows(src, DE)) out.push(r);
  return out;
}

describe('vCard 3.0 (Apple Contacts export)', () => {
  it('reads every card of the file; a broken one does not stop the rest', async () => {
    const rows = await all(fixture('vcard3-apple.vcf'));
    expect(rows.map((r) => [r.line, r.ok])).toEqual([
      [1, true],
      [19, true],
      [28, true],
      [36, false],
    ]);
  });

  it('maps N, ORG, TITLE, TEL types, the preferred EMAIL, BDAY, NOTE and the X- customer number', async () => {
    const [welter] = await all(fixture('vcard3-apple.vcf'));
    expect(welter).toEqual({
      ok: true,
      line: 1,
      customerNo: '10023',
      input: {
        company: 'Welter Dachbau GmbH',
        notes: 'Rahmenvertrag Dachwartung, verlängert bis 2027.\nUrlaub auf Fuerteventura',
        customerSince: null,
        // The switchboard (`-0`) stays with the company; the fax is left out.
        phones: [{ number: '030 2312574-0', label: null, main: true }],
        contacts: [
          {
            salutation: 'Herr',
            firstName: 'Jonas',
            lastName: 'Welter',
            role: 'Geschäftsführer',
            email: 'jonas@welter.example',
            birthday: '1975-03-14',
            notes: null,
            phones: [{ number: '0170 1234567', label: 'mobil', main: false }],
          },
        ],
      },
    });
  });

  it('keys a card without customer number by its number, and reads bare TYPE params (TEL;CELL)', async () => {
    const [, erika, company, broken] = await all(fixture('vcard3-apple.vcf'));
    expect(erika).toMatchObject({ ok: true, customerNo: 'T4915228817386' });
    expect(erika?.ok && erika.input.contacts[0]).toMatchObject({
      firstName: 'Erika Maria',
      lastName: 'Mustermann',
      birthday: '1980-02-29',
      phones: [
        { number: '0152 28817386', label: 'mobil' },
        { number: '089 99998123', label: 'privat' },
      ],
    });
    // A company card (ORG, empty N): a customer without contact person.
    expect(company).toMatchObject({ ok: true, input: { company: 'Solartechnik Nord KG', contacts: [] } });
    expect(broken).toMatchObject({ ok: false, field: 'email', message: expect.stringMatching(/karl\(at\)example\.de/) });
  });
});

describe('vCard 4.0', () => {
  it('reads tel: URIs with extensions, folded lines, basic-format BDAY and X-CUSTOMER-NUMBER', async () => {
    const [anna] = await all(fixture('vcard4.vcf'));
    expect(anna).toMatchObject({
      ok: true,
      customerNo: 'K-4711',
      input: {
        company: 'Heide Elektrotechnik',
        notes: 'Bevorzugt Rückruf am Vormittag. Diese Notiz ist lang genug, um gefaltet zu werden.',
        phones: [{ number: '+49-69-90009-0', main: true }],
        contacts: [
          {
            salutation: 'Dr.',
            firstName: 'Anna',
            lastName: 'von der Heide',
            email: 'anna.heide@heide.example',
            birthday: '1971-08-02',
            phones: [{ number: '+49-69-90009-21' }, { number: '+49-152-28817399', label: 'mobil' }],
          },
        ],
      },
    });
  });

  it('keys a card with neither customer number nor phone by its UID; a birthday without year is left out', async () => {
    const [, paul] = await all(fixture('vcard4.vcf'));
    expect(paul).toMatchObject({
      ok: true,
      customerNo: 'U9d7c1f3a-2b5e-4c8d-a1f0-6e5d4c3b2a19',
      input: { contacts: [{ lastName: 'Ohnenummer', birthday: null }] },
    });
  });

  it('reports unreadable cards and bad values per card and goes on', async () => {
    const rows = await all(fixture('vcard4.vcf'));
    expect(rows.map((r) => (r.ok ? r.customerNo : `${r.line}:${r.field}`))).toEqual([
      'K-4711',
      'U9d7c1f3a-2b5e-4c8d-a1f0-6e5d4c3b2a19',
      '24:file',
      '29:birthday',
      'T491717654321',
    ]);
  });
});

describe('odd files', () => {
  it('reads a Windows-1252 vCard 3.0', async () => {
    const text = 'BEGIN:VCARD\r\nVERSION:3.0\r\nN:Mößner;Jürgen\r\nTEL:0711 1234567\r\nEND:VCARD\r\n';
    const rows = await all(Buffer.from(text, 'latin1'));
    expect(rows).toMatchObject([{ ok: true, input: { contacts: [{ lastName: 'Mößner', firstName: 'Jürgen' }] } }]);
  });

  it('reports a card that never ends, and a vCard 2.1 card in quoted-printable', async () => {
    const qp = 'BEGIN:VCARD\r\nVERSION:2.1\r\nN;ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8:M=C3=BCller;Hans\r\nTEL;CELL:0170 1\r\nEND:VCARD\r\n';
    const rows = await all(Buffer.from(`${qp}BEGIN:VCARD\r\nVERSION:3.0\r\nFN:X\r\n`));
    expect(rows).toMatchObject([
      { ok: false, line: 1, message: expect.stringMatching(/quoted-printable/) },
      { ok: false, line: 6, message: expect.stringMatching(/END:VCARD/) },
    ]);
  });

  it('yields nothing for a file without cards', async () => {
    expect(await all(Buffer.from('no vcard here\n'))).toEqual([]);
  });

  it('parses a single card from text', () => {
    const card = readFileSync(fixture('vcard4.vcf'), 'utf8').split('END:VCARD')[0] + 'END:VCARD';
    expect(cardRow(card, 1, DE)).toMatchObject({ ok: true, customerNo: 'K-4711' });
  });
});
