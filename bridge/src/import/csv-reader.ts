import { parse, type CsvError, type Options } from 'csv-parse';
import type { NumberingConfig } from '../phone/normalize.js';
import type { Mapping } from './csv-mapping.js';
import { columnsOf, compileMapping, mapRow, type RowResult } from './rows.js';
import { uniqueHeaders } from './csv-mapping.js';
import { detectEncoding, textPrefix, textStream, type ByteSource, type TextEncoding } from './decode.js';

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
    // Both callbacks run synchronously in file order, unlike the consumer, which lags behind.
    on_skip: (err) => {
      skipped.push({ line: Number(err?.records ?? 0) + skips + 1, error: describe(err) });
      skips++;
      return undefined;
    },
    on_record: (values, ctx) => ({ line: ctx.records + skips, values }),
  };
  const parser = text.pipe(parse(parserOptions as unknown as Options));
  const it = (parser as AsyncIterable<{ line: number; values: string[] }>)[Symbol.asyncIterator]();

  const head = await it.next();
  if (head.done) throw new Error('the file is empty: no header line');
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
        if (next.done) break;
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
