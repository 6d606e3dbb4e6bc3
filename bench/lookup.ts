import type { CountryCode } from 'libphonenumber-js';
import { parseArgs } from 'node:util';
import { createLookup } from '../bridge/src/calls/lookup-service.js';
import { rankMatches, switchboardPrefixes } from '../bridge/src/phone/match.js';
import { normalizeIncoming } from '../bridge/src/phone/normalize.js';
import { openSqliteStore } from '../bridge/src/store/sqlite/index.js';
import { cachedDatabase, copyDatabase } from './cached-db.js';
import type { CallerKind } from './customers.js';
import { numberList, runBench, say, seconds, type BenchContext } from './harness.js';
import { fmtInt, msRow, summarize, table, type Row } from './stats.js';
import { lookupVerdict } from './verdict.js';

/**
 * `npm run bench:lookup`: what one caller lookup costs in-process on a 1,000,000-customer
 * database, through the bridge's own createLookup and SQLite store: 20,000 lookups of the
 * load mix (80% known, 10% via a switchboard, 10% unknown). Then the same callers once more,
 * step by step (parse, prefixes, the phone index probes, ranking, the cards), to show which
 * step sets the cost. The goal is p99 < 0.2 ms.
 */
const { values: args } = parseArgs({
  options: {
    customers: { type: 'string', default: '1000000' },
    lookups: { type: 'string', default: '20000' },
    warmup: { type: 'string', default: '2000' },
    quick: { type: 'boolean', default: false },
  },
});
const opts = {
  customers: numberList('--customers', args.customers)[0]!,
  lookups: args.quick ? 2000 : numberList('--lookups', args.lookups)[0]!,
  warmup: args.quick ? 500 : numberList('--warmup', args.warmup)[0]!,
};
const GOAL_P99_MS = 0.2;

async function run({ dir, closers }: BenchContext): Promise<void> {
  const started = performance.now();
  const db = await cachedDatabase(opts.customers, say);
  const file = copyDatabase(db, dir);
  const store = openSqliteStore(file);
  closers.push(() => void store.close());
  const numbering = { country: 'DE' as CountryCode, trunkPrefix: null };
  const lookup = createLookup(store, numbering);
  if (db.callers.length < opts.lookups + opts.warmup) throw new Error(`only ${db.callers.length} callers saved; use fewer --lookups`);
  const measured = db.callers.slice(0, opts.lookups);
  const warm = db.callers.slice(opts.lookups, opts.lookups + opts.warmup);

  say(`${fmtInt(opts.warmup)} warm-up + ${fmtInt(opts.lookups)} lookups on ${fmtInt(db.customers)} customers (${file.replace(dir, '<tmp copy>')})`);
  for (const c of warm) await lookup(c.from);

  // 1. The whole lookup, as the call service calls it.
  const total: number[] = [];
  const byKind = new Map<CallerKind, number[]>();
  const wrong: string[] = [];
  for (const c of measured) {
    const t0 = performance.now();
    const result = await lookup(c.from);
    const ms = performance.now() - t0;
    total.push(ms);
    (byKind.get(c.kind) ?? byKind.set(c.kind, []).get(c.kind)!).push(ms);
    const problem = lookupVerdict(c, result);
    if (problem) wrong.push(`${c.from}: ${problem}`);
  }

  // 2. The same steps one by one (the functions createLookup calls, in its order).
  const parts = { parse: [] as number[], prefixes: [] as number[], findPhones: [] as number[], rank: [] as number[], cards: [] as number[] };
  const cardsPerLookup: number[] = [];
  for (const c of measured) {
    let t = performance.now();
    const lap = (into: number[]) => {
      const now = performance.now();
      into.push(now - t);
      t = now;
    };
    const number = normalizeIncoming(c.from, numbering);
    lap(parts.parse);
    if (number.kind !== 'number' || !number.e164) continue;
    const prefixes = switchboardPrefixes(number.e164);
    lap(parts.prefixes);
    const rows = await store.customers.findPhones(number.e164, prefixes);
    lap(parts.findPhones);
    const ranked = rankMatches(number.e164, rows.exact, rows.main).slice(0, 10);
    lap(parts.rank);
    const nos = [...new Set(ranked.map((m) => m.row.customerNo))];
    await store.customers.cards(nos, { conversations: 5 });
    lap(parts.cards);
    cardsPerLookup.push(nos.length);
  }

  const all = summarize(total);
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  const rows: Row[] = [
    msRow(`lookup (n=${fmtInt(total.length)})`, all),
    ...(['exact', 'switchboard', 'unknown'] as const).map((k) => msRow(`  ${k} (n=${fmtInt(byKind.get(k)?.length ?? 0)})`, summarize(byKind.get(k) ?? []))),
    { label: '', text: '' },
    { label: 'steps, timed one by one:', text: '' },
    msRow('  normalizeIncoming (parse)', summarize(parts.parse)),
    msRow('  switchboardPrefixes', summarize(parts.prefixes)),
    msRow('  store.findPhones (index)', summarize(parts.findPhones)),
    msRow('  rankMatches', summarize(parts.rank)),
    msRow('  store.cards (build cards)', summarize(parts.cards)),
  ];
  say('');
  say(table(`Caller lookup in-process (${fmtInt(db.customers)} customers; mix 80% known / 10% switchboard / 10% unknown)`, rows, 3));
  say('');
  const us = (ms: number) => `${(ms * 1000).toFixed(1)} µs`;
  say(
    `mean per step      parse ${us(mean(parts.parse))}, prefixes ${us(mean(parts.prefixes))}, findPhones ${us(mean(parts.findPhones))}, ` +
      `rank ${us(mean(parts.rank))}, cards ${us(mean(parts.cards))} (${mean(cardsPerLookup).toFixed(2)} cards per lookup); whole lookup ${us(mean(total))}`,
  );
  say(`goal               p99 < ${GOAL_P99_MS} ms: ${all.p99 < GOAL_P99_MS ? 'met' : 'NOT met'} (p99 ${all.p99.toFixed(3)} ms)`);
  if (wrong.length > 0) {
    say(`mismatches         ${wrong.length}:`);
    for (const w of wrong.slice(0, 5)) say(`  ${w}`);
  } else say(`lookups            all ${fmtInt(measured.length)} callers named as expected`);
  say(`total              ${seconds(performance.now() - started)}`);
}

runBench(run);
