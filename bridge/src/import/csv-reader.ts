import { parse, type CsvError, type Options } from 'csv-parse';
import type { NumberingConfig } from '../phone/normalize.js';
import type { Mapping } from './csv-mapping.js';
import { columnsOf, compileMapping, mapRow, type RowResult } from './rows.js';
import { uniqueHeaders } from './csv-mapping.js';
import { recordGuard } from './record-guard.js';
import { detectEncoding, IMPORT_LIMITS, ImportLimitError, textPrefix, textStream, type ByteSource, type TextEncoding } from './decode.js';

export type Delimiter = ';' | ',' | '\t';

/**
 * A record, or one csv-parse could not read (a quote never closed); either way the next follows.
 * `line` is the row as a spreadsheet numbers it (header = 1), which is where users look it up.
 */
export type CsvRecord = { line: number; values: string[] } | { line: number; error: string };

export interface CsvFile {
  encoding: TextEncoding;
  delimiter: Delimiter;
  headers: string[];
  /** Streams the records after the header; call once. */
  records(): AsyncIterable<CsvRecord>;
  /** Bytes read from the source so far (for a progress bar against the file size). */
  bytesRead(): number;
}

const CANDIDATES: readonly Delimiter[] = [';', ',', '\t'];

/**
 * The delimiter that occurs most often in the header line outside quotes. German Excel writes `;`
 * (the comma is the decimal separator), everything else `,`; on a tie `;` wins because a German
 * header such as "Firma, Name" is likelier than a comma-separated list with semicolons in it.
 */
export function detectDelimiter(headerLine: string): Delimiter {
  const counts = new Map<string, number>();
  let quoted = false;
  for (const ch of headerLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && CANDIDATES.includes(ch as Delimiter)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  }
  let best: Delimiter = ',';
  let bestCount = 0;
  for (const d of CANDIDATES) {
    const n = counts.get(d) ?? 0;
    if (n > bestCount) [best, bestCount] = [d, n];
  }
  return best;
}

function firstLine(text: string): string {
  const body = text.replace(/^[\s\uFEFF]*/, '');
  const end = body.search(/\r?\n/);
  return end < 0 ? body : body.slice(0, end);
}

/** csv-parse counts lines its own way (CR and LF apart inside quotes); say what is wrong instead. */
function describe(err: CsvError | undefined): string {
  if (err?.code === 'CSV_QUOTE_NOT_CLOSED') return 'a quote (") opened in this row is never closed: the rest of the file could not be read';
  return err?.message ?? 'unreadable record';
}

export async function openCsv(
  src: ByteSource,
  options: { encoding?: TextEncoding; delimiter?: Delimiter } = {},
): Promise<CsvFile> {
  const encoding = options.encoding ?? (await detectEncoding(src));
  const delimiter = options.delimiter ?? detectDelimiter(firstLine(await textPrefix(src, encoding)));

  const skipped: CsvRecord[] = [];
  let skips = 0;
  let bytes = 0;
  const text = textStream(src, encoding, (n) => (bytes += n));
  const parserOptions: Options<{ line: number; values: string[] }, string[]> = {
    delimiter,
    bom: true,
    relax_column_count: true,
    // `Müller "Bau" GmbH` unquoted is common in hand-kept lists; read it as written.
    relax_quotes: true,
    // Empty lines are kept (and dropped below) so that rows count as a spreadsheet counts them.
    skip_empty_lines: false,
    skip_records_with_error: true,
    // recordGuard stops an oversized record before the parser sees it; this is the parser's
    // own bound behind it (a little larger, so the guard's clearer message comes first).
    max_record_size: IMPORT_LIMITS.maxRecordChars * 2,
    // Both callbacks run synchronously in file order, unlike the consumer, which lags behind.
    on_skip: (err) => {
      const line = Number(err?.records ?? 0) + skips + 1;
      if (err?.code === 'CSV_MAX_RECORD_SIZE') {
        throw new ImportLimitError(`row ${line} is larger than ${(IMPORT_LIMITS.maxRecordChars * 2).toLocaleString('en-US')} characters, the limit for one row`);
      }
      skipped.push({ line, error: describe(err) });
      skips++;
      return undefined;
    },
    on_record: (values, ctx) => {
      if (values.length > IMPORT_LIMITS.maxColumns) {
        throw new ImportLimitError(`row ${ctx.records + skips} has ${values.length.toLocaleString('en-US')} columns; the limit is ${IMPORT_LIMITS.maxColumns}`);
      }
      return { line: ctx.records + skips, values };
    },
  };
  // Past a limit the guard ends the text after the last good row, and the reader throws the
  // limit's error after those rows. The file itself is closed at once: nothing more is read.
  let limitError: ImportLimitError | null = null;
  let limitRecord = 0;
  const guard = recordGuard(delimiter, IMPORT_LIMITS, (err, record) => {
    limitError = err;
    limitRecord = record;
    text.destroy();
  });
  const parser = text.pipe(guard).pipe(parse(parserOptions as unknown as Options));
  // pipe() does not forward destroy(): a reader that stops early must close the file.
  parser.on('close', () => text.destroy());
  const it = (parser as AsyncIterable<{ line: number; values: string[] }>)[Symbol.asyncIterator]();

  const head = await it.next();
  // The guard may have run ahead of the header to a later row: that row's error comes in order.
  if (head.done) throw limitError ?? new Error('the file is empty: no header line');
  // The header itself broke a limit: what the parser made of its first part is no header.
  if (limitError && limitRecord === 1) throw limitError;
  const headers = uniqueHeaders(head.value.values);

  let consumed = false;
  async function* records(): AsyncGenerator<CsvRecord> {
    if (consumed) throw new Error('records() can be read once');
    consumed = true;
    try {
      for (;;) {
        const next = await it.next();
        // The parser runs ahead of this loop: put its skipped rows back in file order.
        while (skipped.length > 0 && (next.done || skipped[0]!.line < next.value.line)) yield skipped.shift()!;
        if (next.done) {
          if (limitError) throw limitError;
          break;
        }
        // A row of nothing but delimiters (`;;;;`, Excel's padding) or an empty line is no row.
        if (next.value.values.every((v) => v.trim() === '')) continue;
        yield next.value;
      }
    } finally {
      await it.return?.();
      text.destroy();
    }
  }
  return { encoding, delimiter, headers, records, bytesRead: () => bytes };
}

/** The file's records through the mapping: what the importer and the preview consume. */
export async function* mappedRows(file: CsvFile, mapping: Mapping, numbering: NumberingConfig): AsyncGenerator<RowResult> {
  const compiled = compileMapping(file.headers, mapping);
  const columns = columnsOf(mapping);
  for await (const r of file.records()) {
    yield 'error' in r
      ? { ok: false, line: r.line, field: 'file', message: r.error }
      : mapRow(r.line, r.values, compiled, numbering, columns);
  }
}
