import { describe, expect, it } from 'vitest';
import { openCsv, type CsvRecord } from './csv-reader.js';
import { IMPORT_LIMITS } from './decode.js';
import { vcardRows } from './vcard.js';

const numbering = { country: 'DE' as const, trunkPrefix: null };

async function readAll(src: Uint8Array): Promise<CsvRecord[]> {
  const file = await openCsv(src);
  const out: CsvRecord[] = [];
  for await (const r of file.records()) out.push(r);
  return out;
}

/**
 * Files that would make an import hold the whole file (or a million columns) in memory are
 * refused at a fixed limit, with a message that names the limit; rows before the bad one were
 * read as usual.
 */
describe('import limits', () => {
  it('refuses a header with more columns than the limit, naming it', async () => {
    const header = Array.from({ length: IMPORT_LIMITS.maxColumns + 1 }, (_, i) => `c${i}`).join(';');
    await expect(openCsv(Buffer.from(`${header}\n1;2\n`))).rejects.toThrow(`row 1 has more than ${IMPORT_LIMITS.maxColumns} columns, the limit`);
  });

  it('refuses a header of a million empty columns before the parser builds it', async () => {
    const header = `Firma${';'.repeat(1_000_000)}\n`;
    await expect(openCsv(Buffer.from(header))).rejects.toThrow(/row 1 has more than 500 columns/);
  });

  it('refuses a row without line breaks larger than the record limit', async () => {
    await expect(openCsv(Buffer.from(`Firma;${'x'.repeat(IMPORT_LIMITS.maxRecordChars + 1)}`))).rejects.toThrow(/row 1 is larger than 262,144 characters, the limit for one row/);
  });

  it('stops at a quote that is never closed, after the rows before it', async () => {
    const head = 'Firma;Telefon\nWelter;030 1\n';
    const bad = `"Müller;${'x'.repeat(3 * IMPORT_LIMITS.maxRecordChars)}`;
    const file = await openCsv(Buffer.from(head + bad));
    const seen: CsvRecord[] = [];
    await expect(
      (async () => {
        for await (const r of file.records()) seen.push(r);
      })(),
    ).rejects.toThrow(/row 3 is larger than .* the limit for one row/);
    // The rows before it were read; the cut-off row itself shows as unreadable, then the limit stops the file.
    expect(seen[0]).toEqual({ line: 2, values: ['Welter', '030 1'] });
    expect(seen.slice(1)).toEqual([{ line: 3, error: expect.stringContaining('never closed') }]);
  });

  it('reads a file of many ordinary rows under the limits', async () => {
    const rows = Array.from({ length: 2000 }, (_, i) => `Firma ${i};030 ${i}`).join('\n');
    expect(await readAll(Buffer.from(`Firma;Telefon\n${rows}\n`))).toHaveLength(2000);
  });

  it('refuses a vCard line longer than the limit, and a card larger than the limit as one bad card', async () => {
    const card = (extra: string) => `BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jonas Welter\r\nTEL:030 2312574\r\n${extra}END:VCARD\r\n`;
    const bigCard = card(Array.from({ length: 10 }, () => `NOTE:${'n'.repeat(IMPORT_LIMITS.maxLineChars - 10)}\r\n`).join(''));
    const rows = [];
    for await (const r of vcardRows(Buffer.from(card('') + bigCard + card('')), numbering)) rows.push(r);
    expect(rows.map((r) => r.ok)).toEqual([true, false, true]);
    expect(rows[1]).toMatchObject({ ok: false, line: 6, message: expect.stringContaining('the limit for one card') });

    const longLine = card(`NOTE:${'n'.repeat(IMPORT_LIMITS.maxLineChars + 1)}\r\n`);
    await expect(
      (async () => {
        for await (const _ of vcardRows(Buffer.from(longLine), numbering));
      })(),
    ).rejects.toThrow(/line 5 is longer than 65,536 characters/);
  });
});
