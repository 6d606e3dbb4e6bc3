import { once } from 'node:events';
import { createWriteStream, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { guessMapping } from '../bridge/src/import/csv-mapping.js';
import { mappedRows, openCsv } from '../bridge/src/import/csv-reader.js';
import { importCustomers, type ImportProgress } from '../bridge/src/import/importer.js';
import { fmt, progressReporter } from '../bridge/src/import/progress.js';
import { openSqliteStore } from '../bridge/src/store/sqlite/index.js';

/**
 * `npx tsx bench/import.ts [rows=1000000] [--keep]`
 *
 * Writes a German customer CSV of `rows` rows (streamed; every 1,000th row is bad) into a temp
 * dir and imports it into a fresh SQLite file through the importer and the real store, as
 * `npm run import` does. Prints rows/s, the time of each phase, the database size and peak RSS.
 */
const { values, positionals } = parseArgs({ allowPositionals: true, options: { keep: { type: 'boolean', default: false } } });
const ROWS = Number(positionals[0] ?? 1_000_000);
if (!Number.isInteger(ROWS) || ROWS < 1) throw new Error(`row count must be a positive integer, not ${positionals[0]}`);
const numbering = { country: 'DE' as const, trunkPrefix: null };

const FIRST = ['Jonas', 'Anna', 'Lena', 'Murat', 'Ben', 'Jürgen', 'Sören', 'Zoë', 'Małgorzata', 'Hans-Peter', 'Erika', 'Özlem'];
const LAST = ['Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Schulz', 'Hoffmann', 'Koch', 'Groß'];
const CITY = ['030', '040', '089', '0221', '069', '0711', '0211', '0231', '0341', '0351'];

/** Deterministic, cheap pseudo-random numbers (the same file on every run). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 2 ** 32);
}

/** Mail addresses stay ASCII, as nearly all real ones do (the schema rejects `jürgen@`). */
const ascii = (name: string) =>
  name
    .toLowerCase()
    .replace(/ä/g, 'ae').replace(/ö/g, 'oe').replace(/ü/g, 'ue').replace(/ß/g, 'ss').replace(/ł/g, 'l')
    .normalize('NFD')
    .replace(/[^a-z-]/g, '');

async function writeCsv(path: string, rows: number): Promise<void> {
  const out = createWriteStream(path);
  const r = rng(42);
  const pick = <T>(a: readonly T[]) => a[Math.floor(r() * a.length)]!;
  out.write('\uFEFFKundennummer;Firma;Anrede;Vorname;Nachname;Telefon;Mobil;E-Mail;Geburtstag;Bemerkung\r\n');
  let chunk = '';
  for (let i = 1; i <= rows; i++) {
    const no = `K${String(i).padStart(7, '0')}`;
    const company = r() < 0.35 ? `${pick(LAST)} ${pick(['GmbH', 'KG', 'e.K.', '& Söhne GmbH', 'Bau GmbH'])}` : '';
    const [first, last] = [pick(FIRST), pick(LAST)];
    const phone = `${pick(CITY)} ${String(1_000_000 + ((i * 7919) % 8_999_999))}${company && r() < 0.5 ? '-0' : ''}`;
    const mobile = r() < 0.5 ? `01${pick(['51', '52', '60', '70', '71', '76'])} ${String(1_000_000 + ((i * 104729) % 8_999_999))}` : '';
    const email = i % 1000 === 500 ? 'kaputt(at)example.de' : r() < 0.7 ? `${ascii(first)}.${i}@example.de` : '';
    const birthday = r() < 0.3 ? `${1 + Math.floor(r() * 28)}.${1 + Math.floor(r() * 12)}.${1940 + Math.floor(r() * 60)}` : '';
    const notes = r() < 0.1 ? '"Rückruf bevorzugt; ""vormittags"""' : '';
    chunk += `${no};${company};${r() < 0.5 ? 'Herr' : 'Frau'};${first};${last};${phone};${mobile};${email};${birthday};${notes}\r\n`;
    if (i % 1000 === 0 || i === rows) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end();
  await once(out, 'finish');
}

const size = (f: string) => (existsSync(f) ? statSync(f).size : 0);
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

const dir = mkdtempSync(join(tmpdir(), 'ringside-import-bench-'));
try {
  const csv = join(dir, 'customers.csv');
  const dbFile = join(dir, 'ringside.sqlite');
  let t = performance.now();
  await writeCsv(csv, ROWS);
  const writeMs = performance.now() - t;

  t = performance.now();
  const file = await openCsv(csv);
  const openMs = performance.now() - t;
  const store = openSqliteStore(dbFile);
  const progress = progressReporter((s) => process.stderr.write(s), {
    tty: process.stderr.isTTY === true,
    total: () => file.bytesRead() / size(csv),
  });
  const result = await importCustomers(mappedRows(file, guessMapping(file.headers), numbering), store, numbering, (p: ImportProgress) =>
    progress.update(p),
  );
  progress.done(result);
  await store.close();
  const dbBytes = size(dbFile) + size(`${dbFile}-wal`);
  const total = openMs + result.durationMs;

  console.log(`import of ${fmt(ROWS)} CSV rows`);
  console.log(`  file:           ${mb(size(csv))}, written in ${secs(writeMs)}`);
  console.log(`  rows/s:         ${fmt(Math.round((ROWS * 1000) / total))}`);
  console.log(`  total:          ${secs(total)} (encoding check ${secs(openMs)}, import ${secs(result.durationMs)})`);
  console.log(`  result:         ${fmt(result.imported)} created, ${fmt(result.updated)} updated, ${fmt(result.failed)} failed`);
  console.log(`  database:       ${mb(dbBytes)}`);
  console.log(`  peak RSS:       ${mb(process.resourceUsage().maxRSS * 1024)}`);
  if (values.keep) console.log(`  kept in:        ${dir}`);
} finally {
  if (!values.keep) rmSync(dir, { recursive: true, force: true });
}
