import { statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadConfigOrExit } from '../config.js';
import { applyOverrides, FIELD_HEADERS, guessMapping, type Mapping } from '../import/csv-mapping.js';
import { mappedRows, openCsv, type CsvFile, type Delimiter } from '../import/csv-reader.js';
import type { TextEncoding } from '../import/decode.js';
import { importCustomers, previewRows, type ImportResult } from '../import/importer.js';
import { fmt, progressReporter } from '../import/progress.js';
import type { RowResult } from '../import/rows.js';
import { vcardRows } from '../import/vcard.js';
import type { NumberingConfig } from '../phone/normalize.js';
import { openStore } from '../store/open-store.js';

const USAGE = `usage: npm run import -- <customers.csv|contacts.vcf> [--map "Header=field" ...] [--dry-run]
         [--encoding utf-8|windows-1252|utf-16le] [--delimiter ";"|","|tab]

Imports into RINGSIDE_DATABASE_URL (PostgreSQL) if set, else RINGSIDE_DB (default
./data/ringside.sqlite). Rows with a known customer number (or, without one, a known phone
number) update that customer instead of adding a second one.
Fields for --map: ${[...Object.keys(FIELD_HEADERS), 'ignore'].join(', ')}
Exit code: 0 all rows imported, 1 some rows failed, 2 the file or the settings could not be used.`;

/** CSV errors name the spreadsheet row; vCard errors the line where the card begins. */
let where = 'row';
const out = (s: string) => process.stdout.write(`${s}\n`);
const err = (s: string) => process.stderr.write(`${s}\n`);

function stop(message: string, code = 2): never {
  err(`ringside import: ${message}`);
  process.exit(code);
}

function args() {
  try {
    return parseArgs({
      allowPositionals: true,
      options: {
        map: { type: 'string', multiple: true, default: [] },
        'dry-run': { type: 'boolean', default: false },
        encoding: { type: 'string' },
        delimiter: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (e) {
    return stop(`${(e as Error).message}\n${USAGE}`);
  }
}

const ENCODINGS: readonly TextEncoding[] = ['utf-8', 'windows-1252', 'utf-16le'];

function csvOptions(v: { encoding?: string | undefined; delimiter?: string | undefined }) {
  const encoding = v.encoding?.toLowerCase().replace(/^cp/, 'windows-');
  if (encoding !== undefined && !ENCODINGS.includes(encoding as TextEncoding)) stop(`--encoding: use one of ${ENCODINGS.join(', ')}`);
  const delimiter = v.delimiter === 'tab' || v.delimiter === '\\t' ? '\t' : v.delimiter;
  if (delimiter !== undefined && ![';', ',', '\t'].includes(delimiter)) stop('--delimiter: use ";", "," or tab');
  return { ...(encoding ? { encoding: encoding as TextEncoding } : {}), ...(delimiter ? { delimiter: delimiter as Delimiter } : {}) };
}

function printMapping(file: CsvFile, mapping: Mapping): void {
  out(`${file.headers.length} columns, ${file.encoding}, delimiter ${file.delimiter === '\t' ? 'tab' : `"${file.delimiter}"`}:`);
  const width = Math.max(...file.headers.map((h) => h.length));
  for (const h of file.headers) out(`  ${h.padEnd(width)}  -> ${mapping[h]}`);
  out('Correct a column with --map "Header=field" (or "Header=ignore").');
}

async function printPreview(rows: AsyncIterable<RowResult>, numbering: NumberingConfig): Promise<void> {
  out('\nFirst rows as they will be stored (numbers as they will be matched):');
  for (const r of await previewRows(rows, 3, numbering)) {
    if (!r.ok) {
      out(`  ${where} ${r.line}: ERROR ${r.column ?? r.field}: ${r.message}`);
      continue;
    }
    out(`  ${where} ${r.line}: ${r.customerNo}  ${[r.company, ...r.contacts].filter(Boolean).join(' / ')}`);
    for (const p of r.phones) out(`      ${p.number}  ->  ${p.e164 ? `${p.e164} (${p.display})` : p.display}${p.main ? '  [Zentrale]' : ''}`);
  }
  out('');
}

function summary(r: ImportResult, dryRun: boolean): void {
  const n = (count: number, one: string, many: string) => `${fmt(count)} ${count === 1 ? one : many}`;
  const [created, updated] = dryRun ? ['would be created', 'would be updated'] : ['created', 'updated'];
  out(
    `${n(r.rows, 'row', 'rows')} in ${(r.durationMs / 1000).toFixed(1)} s: ${n(r.imported, 'customer', 'customers')} ${created}, ` +
      `${fmt(r.updated)} ${updated}, ${n(r.failed, 'row', 'rows')} failed.`,
  );
  if (r.errors.length === 0) return;
  out(`\nFirst errors:`);
  for (const e of r.errors.slice(0, 20)) out(`  ${where} ${e.line}${e.column ? ` (${e.column})` : e.field ? ` (${e.field})` : ''}: ${e.message}`);
  if (r.failed > 20) out(`  ... and ${fmt(r.failed - 20)} more`);
}

async function main(): Promise<void> {
  const { values, positionals } = args();
  if (values.help) {
    out(USAGE);
    return;
  }
  if (positionals.length !== 1) stop(`name one file\n${USAGE}`);
  const path = positionals[0]!;
  const config = loadConfigOrExit(process.env, 'ringside import');
  const numbering: NumberingConfig = { country: config.country, trunkPrefix: config.trunkPrefix };
  let size: number;
  try {
    size = statSync(path).size;
  } catch (e) {
    return stop(`cannot read ${path}: ${(e as Error).message}`);
  }

  let rows: AsyncIterable<RowResult>;
  let fraction: () => number | null = () => null;
  const options = csvOptions(values);
  try {
    if (/\.(vcf|vcard)$/i.test(path)) {
      where = 'line';
      if ((values.map ?? []).length > 0) stop('--map applies to CSV columns; a vCard is read by its property names');
      await printPreview(vcardRows(path, numbering, options), numbering);
      rows = vcardRows(path, numbering, options);
    } else {
      const file = await openCsv(path, options);
      const mapping = applyOverrides(guessMapping(file.headers), values.map ?? []);
      printMapping(file, mapping);
      const targets = new Set(Object.values(mapping));
      if (!['company', 'name', 'firstName', 'lastName'].some((t) => targets.has(t as never))) {
        stop('no column is mapped to company or a name, so every row would fail: use --map "Header=company"');
      }
      const again = { encoding: file.encoding, delimiter: file.delimiter };
      await printPreview(mappedRows(await openCsv(path, again), mapping, numbering), numbering);
      rows = mappedRows(file, mapping, numbering);
      fraction = () => (size > 0 ? file.bytesRead() / size : null);
    }
  } catch (e) {
    return stop(`cannot read ${path}: ${(e as Error).message}`);
  }

  const store = await openStore(config);
  const progress = progressReporter((s) => process.stderr.write(s), { tty: process.stderr.isTTY === true, total: fraction });
  let result: ImportResult;
  try {
    if (values['dry-run']) out('Dry run: nothing is written.');
    result = await importCustomers(rows, store, numbering, (p) => progress.update(p), { dryRun: values['dry-run'] });
    progress.done(result);
  } catch (e) {
    // Errors inside rows are counted; what lands here is the file failing mid-way (deleted, I/O).
    return stop(`import stopped: ${(e as Error).message}`);
  } finally {
    await store.close();
  }
  summary(result, values['dry-run'] === true);
  process.exitCode = result.failed > 0 ? 1 : 0;
}

await main();
