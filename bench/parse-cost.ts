import { parseSyncLine, type SyncLine } from '@ringside/shared';
import { normalizeCustomer } from '../bridge/src/customers/normalize-customer.js';
import type { NumberingConfig } from '../bridge/src/phone/normalize.js';
import { searchBody } from '../bridge/src/store/search-body.js';
import type { NormalizedCustomer } from '../bridge/src/store/store.js';
import { recordDigest } from '../bridge/src/sync/record-digest.js';
import { toRecord } from '../bridge/src/sync/to-record.js';
import { say } from './harness.js';
import { textTable } from './stats.js';
import { customerLine } from './sync-lines.js';

/**
 * `npm run bench:parse [-- customers=50000 rounds=5]`
 *
 * What one customer line of bench/sync.ts costs in CPU before it reaches the database, stage by
 * stage, in this process (no worker, no store): JSON.parse, validation (parseSyncLine), the
 * digest, normalizing its two numbers, the search body the writer builds, and toRecord as the
 * parse worker calls it (JSON.parse + validation + digest + normalization). JSON.parse is the
 * floor: no parser of this line can cost less than reading it. Each round takes customers it has
 * not seen before (fresh numbers), so no cache of earlier rounds flatters the figure; the median
 * round is printed. Run it niced on a shared machine and compare figures of the same run.
 */
type Customer = Extract<SyncLine, { customer: unknown }>['customer'];

const args = Object.fromEntries(process.argv.slice(2).map((a) => a.split('=', 2) as [string, string]));
const N = Number(args.customers ?? 50_000);
const ROUNDS = Number(args.rounds ?? 5);
if (!Number.isInteger(N) || N < 1 || !Number.isInteger(ROUNDS) || ROUNDS < 1) {
  throw new Error('usage: bench/parse-cost.ts [customers=N] [rounds=N] (positive whole numbers)');
}
const numbering: NumberingConfig = { country: 'DE', trunkPrefix: null };

const STAGES = ['JSON.parse (floor)', 'parseSyncLine', 'recordDigest', 'normalizeCustomer', 'searchBody', 'toRecord (total)'] as const;
const perRecord: Record<(typeof STAGES)[number], number[]> = Object.fromEntries(STAGES.map((s) => [s, []])) as never;

function time(stage: (typeof STAGES)[number], run: () => void): void {
  // CPU time, not wall time: on a shared machine waiting for a core is not this code's cost.
  const start = process.cpuUsage();
  run();
  const used = process.cpuUsage(start);
  perRecord[stage].push((used.user + used.system) / N);
}

function payload(line: SyncLine): Customer {
  if (!('customer' in line)) throw new Error('bench line is not a customer');
  return line.customer;
}

// Round 0 warms the JIT up and is not counted.
for (let round = 0; round <= ROUNDS; round++) {
  const lines = Array.from({ length: N }, (_, i) => customerLine(round * N + i));
  let values: unknown[] = [];
  let parsed: Customer[] = [];
  let normalized: NormalizedCustomer[] = [];
  time('JSON.parse (floor)', () => (values = lines.map((l) => JSON.parse(l) as unknown)));
  time('parseSyncLine', () => {
    parsed = values.map((v) => {
      const p = parseSyncLine(v);
      if (!p.ok) throw new Error(`bench line refused: ${p.field}: ${p.message}`);
      return payload(p.value);
    });
  });
  time('recordDigest', () => {
    for (const { customerNo: _, ...input } of parsed) recordDigest('customer', input, numbering);
  });
  time('normalizeCustomer', () => (normalized = parsed.map(({ customerNo: _, ...input }) => normalizeCustomer(input, numbering))));
  time('searchBody', () => {
    for (const c of normalized) searchBody('K1', c.company, c.contacts, [...c.phones, ...c.contacts.flatMap((k) => k.phones)]);
  });
  // The lines again, one round later: fresh numbers for toRecord too.
  const again = Array.from({ length: N }, (_, i) => customerLine((ROUNDS + 1 + round) * N + i));
  time('toRecord (total)', () => {
    for (const l of again) if (!toRecord(l, numbering).ok) throw new Error('bench line refused');
  });
  if (round === 0) for (const s of STAGES) perRecord[s].length = 0;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
say(
  textTable(
    `CPU per customer line (${N.toLocaleString('en-US')} customers, 2 numbers each, CPU time, median of ${ROUNDS} rounds; ${process.version})`,
    ['stage', 'µs/line', 'min', 'max'],
    STAGES.map((s) => [s, median(perRecord[s]).toFixed(1), Math.min(...perRecord[s]).toFixed(1), Math.max(...perRecord[s]).toFixed(1)]),
  ),
);
