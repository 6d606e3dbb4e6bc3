import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CustomerBase, type Caller, type CallerMix } from './customers.js';
import { ROOT } from './processes.js';
import { seed } from './seed.js';
import { journalFileOf } from '../bridge/src/store/sqlite/journal-file.js';

/**
 * A seeded customer database kept between runs (seeding a million customers takes minutes),
 * with the callers drawn from it saved next to it: a reused file has no generator in memory to
 * sample callers from. The name carries a fingerprint of the generator and of the schema
 * migrations, so a changed data set or schema is seeded afresh instead of silently measured
 * against an old file (or refused by a bridge whose schema is older than the file's).
 */
export const CACHE_DIR = process.env.RINGSIDE_BENCH_CACHE ?? '/tmp/ringside-bench';

/** The mix: 80% known numbers, 10% direct-dial via a switchboard, 10% unknown. */
export const LOAD_MIX: CallerMix = { exact: 0.8, switchboard: 0.1 };
/** Enough distinct callers that a 500 calls/s cell does not repeat one within 80 s. */
const CALLERS = 40_000;
/** Known numbers sampled across the whole base (the default 4,000 repeats too often at 500/s). */
const SAMPLE = 20_000;

export interface CachedDatabase {
  /** The seeded file; treat as read-only, copy it (copyDatabase) before a bridge writes to it. */
  file: string;
  customers: number;
  callers: Caller[];
  /** Seeding time when this run seeded it, null when it came from the cache. */
  seededMs: number | null;
}

export async function cachedDatabase(customers: number, say: (line: string) => void): Promise<CachedDatabase> {
  const generator = readFileSync(join(ROOT, 'bench/customers.ts'));
  // The schema too: a file seeded (and migrated) by another branch's migrations is not this one's.
  const schema = readFileSync(join(ROOT, 'bridge/src/store/sqlite/migrations.ts'));
  const fingerprint = createHash('sha256').update(generator).update(schema).update(`${customers}/${SAMPLE}/${CALLERS}`).digest('hex').slice(0, 10);
  mkdirSync(CACHE_DIR, { recursive: true });
  const file = join(CACHE_DIR, `customers-${customers}-${fingerprint}.sqlite`);
  const callersFile = `${file}.callers.json`;
  if (existsSync(file) && existsSync(journalFileOf(file)) && existsSync(callersFile)) {
    return { file, customers, callers: JSON.parse(readFileSync(callersFile, 'utf8')) as Caller[], seededMs: null };
  }
  // Seeded under a temporary name and renamed at the end: an interrupted seed is never reused.
  const partial = `${file}.partial`;
  for (const f of [partial, journalFileOf(partial)]) for (const x of [f, `${f}-wal`, `${f}-shm`]) rmSync(x, { force: true });
  say(`Seeding ${customers.toLocaleString('en-US')} customers into ${file} (once; later runs reuse it)`);
  const base = new CustomerBase(undefined, SAMPLE);
  const started = performance.now();
  const result = await seed(partial, base, customers, (done) => {
    if (done % 100_000 === 0) say(`  ${done.toLocaleString('en-US')} (${((performance.now() - started) / 1000).toFixed(0)} s)`);
  });
  if (result.unreadable > 0) say(`  warning: ${result.unreadable} seeded numbers did not normalize`);
  const callers = base.callers(CALLERS, LOAD_MIX);
  writeFileSync(callersFile, JSON.stringify(callers));
  for (const f of [partial, journalFileOf(partial)]) for (const x of [`${f}-wal`, `${f}-shm`]) rmSync(x, { force: true });
  renameSync(journalFileOf(partial), journalFileOf(file));
  renameSync(partial, file);
  say(`Seeded in ${(result.ms / 1000).toFixed(0)} s (${result.phones.toLocaleString('en-US')} phone numbers)`);
  return { file, customers, callers, seededMs: result.ms };
}

/** A private copy for a bridge that writes (agents, the call journal): the cache stays clean. */
export function copyDatabase(db: CachedDatabase, dir: string): string {
  const target = join(dir, 'ringside.sqlite');
  copySqliteFiles(db.file, target);
  return target;
}

/** A closed SQLite database is two files: the data and its call journal (journal-file.ts). */
export function copySqliteFiles(from: string, to: string): void {
  copyFileSync(from, to);
  copyFileSync(journalFileOf(from), journalFileOf(to));
}

/** Round-robin through the saved callers, from an offset so two series do not share callers. */
export function callerCycle(callers: readonly Caller[], offset = 0): () => Caller {
  let i = offset;
  return () => callers[i++ % callers.length]!;
}
