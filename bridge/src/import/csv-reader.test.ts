import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { guessMapping } from './csv-mapping.js';
import { detectDelimiter, mappedRows, openCsv, type CsvRecord } from './csv-reader.js';
import { detectEncoding, READ_CHUNK } from './decode.js';

const HEADER = 'Kundennummer;Firma;Nachname;Telefon';
const UMLAUT_ROW = '1;Bäckerei Größe & Söhne €;Müßig;030 1234567';

/** Windows-1252 bytes of a string; ä/ö/ü/ß are Latin-1, `€` is 0x80 only in Windows-1252. */
function win1252(text: string): Buffer {
  return Buffer.from([...text].map((ch) => (ch === '€' ? 0x80 : ch.charCodeAt(0))));
}

async function read(src: string | Uint8Array, options?: Parameters<typeof openCsv>[1]) {
  const file = await openCsv(src, options);
  const records: CsvRecord[] = [];
  for await (const r of file.records()) records.push(r);
  return { file, records };
}

const values = (records: CsvRecord[]) => records.map((r) => ('values' in r ? r.values : r.error));

describe('encodings', () => {
  const text = `${HEADER}\r\n${UMLAUT_ROW}\r\n`;

  it.each([
    ['UTF-8', Buffer.from(text, 'utf8'), 'utf-8'],
    ['UTF-8 with BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]), 'utf-8'],
    ['Windows-1252', win1252(text), 'windows-1252'],
    ['UTF-16LE with BOM (Excel "Unicode text")', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]), 'utf-16le'],
  ] as const)('reads %s with umlauts, ß and €', async (_name, bytes, encoding) => {
    const { file, records } = await read(bytes);
    expect(file.encoding).toBe(encoding);
    // The BOM must not stick to the first header, or "Kundennummer" would not be recognized.
    expect(file.headers).toEqual(['Kundennummer', 'Firma', 'Nachname', 'Telefon']);
    expect(values(records)).toEqual([['1', 'Bäckerei Größe & Söhne €', 'Müßig', '030 1234567']]);
  });

  it('treats pure ASCII as UTF-8', async () => {
    expect(await detectEncoding(Buffer.from('a;b\n1;2\n'))).toBe('utf-8');
  });

  it('looks at the whole file, not only its start: one Windows-1252 byte after megabytes of ASCII', async () => {
    const ascii = `${HEADER}\n${'2;Plain GmbH;Meier;030 7654321\n'.repeat(100_000)}`;
    const bytes = Buffer.concat([Buffer.from(ascii), win1252(`${UMLAUT_ROW}\n`)]);
    expect(bytes.length).toBeGreaterThan(2 * 1024 * 1024);
    const { file, records } = await read(bytes);
    expect(file.encoding).toBe('windows-1252');
    expect(records).toHaveLength(100_001);
    expect(values(records.slice(-1))).toEqual([['1', 'Bäckerei Größe & Söhne €', 'Müßig', '030 1234567']]);
  });

  it('does not split a UTF-8 character that straddles two read chunks', async () => {
    const filler = 'x'.repeat(READ_CHUNK - 'a;b\n'.length - ';'.length - 1);
    const bytes = Buffer.from(`a;b\n${filler};ä\n`, 'utf8');
    expect(bytes[READ_CHUNK - 1]).toBe(0xc3);
    const { file, records } = await read(bytes);
    expect(file.encoding).toBe('utf-8');
    expect((records[0] as { values: string[] }).values[1]).toBe('ä');
  });

  it('can be told the encoding', async () => {
    const { file, records } = await read(win1252(`${HEADER}\n${UMLAUT_ROW}\n`), { encoding: 'windows-1252' });
    expect(file.encoding).toBe('windows-1252');
    expect(values(records)[0]).toEqual(['1', 'Bäckerei Größe & Söhne €', 'Müßig', '030 1234567']);
  });
});

describe('delimiters', () => {
  it.each([
    ['Kundennummer;Firma;Telefon', ';'],
    ['Kundennummer,Firma,Telefon', ','],
    ['Kundennummer\tFirma\tTelefon', '\t'],
    ['"Name, Vorname";Firma;Telefon', ';'],
    ['"Name; Vorname",Firma,Telefon', ','],
    ['Name', ','],
  ])('%j -> %j', (line, delimiter) => {
    expect(detectDelimiter(line)).toBe(delimiter);
  });

  it.each([
    ['comma', 'Nr,Firma,Telefon\n1,"Müller, Meier & Co",030 1\n', ','],
    ['semicolon', 'Nr;Firma;Telefon\n1;"Müller; Meier & Co";030 1\n', ';'],
    ['tab', 'Nr\tFirma\tTelefon\n1\tMüller\t030 1\n', '\t'],
  ])('reads %s-separated files', async (_name, text, delimiter) => {
    const { file, records } = await read(Buffer.from(text));
    expect(file.delimiter).toBe(delimiter);
    expect((records[0] as { values: string[] }).values).toHaveLength(3);
  });
});

describe('records', () => {
  it('handles quotes, doubled quotes, line breaks inside quotes and CRLF; rows are numbered as a spreadsheet does', async () => {
    const text = [
      'Nr;Firma;Bemerkung',
      '1;"Dach ""&"" Wand GmbH";"erste Zeile\r\nzweite Zeile"',
      '',
      '2;Müller "Bau" GmbH;ohne Anführung gequotet',
      ';;',
      '3;Ende;',
    ].join('\r\n');
    const { records } = await read(Buffer.from(text));
    expect(records).toEqual([
      { line: 2, values: ['1', 'Dach "&" Wand GmbH', 'erste Zeile\r\nzweite Zeile'] },
      { line: 4, values: ['2', 'Müller "Bau" GmbH', 'ohne Anführung gequotet'] },
      { line: 6, values: ['3', 'Ende', ''] },
    ]);
  });

  it('accepts rows with fewer or more cells than the header', async () => {
    const { records } = await read(Buffer.from('a;b;c\n1;2\n1;2;3;4\n'));
    expect(values(records)).toEqual([['1', '2'], ['1', '2', '3', '4']]);
  });

  it('reports a quote that is never closed as an error of its row, after the rows before it', async () => {
    const { records } = await read(Buffer.from('a;b\n1;ok\n2;"offen\n3;weg\n'));
    expect(records[0]).toEqual({ line: 2, values: ['1', 'ok'] });
    expect(records[1]).toMatchObject({ line: 3, error: expect.stringMatching(/never closed/) });
  });

  it('fails on a file without header line', async () => {
    await expect(openCsv(Buffer.from(''))).rejects.toThrow(/empty/);
  });

  it('maps records through a mapping into row results', async () => {
    const file = await openCsv(Buffer.from('Kundennummer;Firma;Telefon\n10;Alpha GmbH;030 2312574\n11;;\n'));
    const out = [];
    for await (const r of mappedRows(file, guessMapping(file.headers), { country: 'DE', trunkPrefix: null })) out.push(r);
    expect(out.map((r) => [r.line, r.ok])).toEqual([
      [2, true],
      [3, false],
    ]);
  });
});

describe('files on disk', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ringside-csv-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('streams a file and counts the bytes read', async () => {
    const path = join(dir, 'k.csv');
    const bytes = win1252(`${HEADER}\r\n${UMLAUT_ROW}\r\n`);
    writeFileSync(path, bytes);
    const { file, records } = await read(path);
    expect(file.encoding).toBe('windows-1252');
    expect(values(records)[0]?.[1]).toBe('Bäckerei Größe & Söhne €');
    expect(file.bytesRead()).toBe(bytes.length);
  });

  it('rejects a file that does not exist', async () => {
    await expect(openCsv(join(dir, 'missing.csv'))).rejects.toThrow(/ENOENT/);
  });
});
