import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import type { ConnectorInput } from '@ringside/shared';
import { ConnectorCatalog } from '../bridge/src/connectors/catalog.js';
import { ConnectorRunner } from '../bridge/src/connectors/runner.js';
import { openSqliteStore } from '../bridge/src/store/sqlite/index.js';
import { SourceLocks, runSyncOfBytes } from '../bridge/src/sync/index.js';
import { silentLogger } from '../bridge/src/util/logger.js';
import { Postgres } from '../test/helpers/postgres.js';
import { Radicale } from '../test/helpers/radicale.js';
import { LDAP_READER, LDAP_SUFFIX, Slapd, ldifLine } from '../test/helpers/slapd.js';

/**
 * `npx tsx bench/connectors.ts [--ldap 20000] [--carddav 2000] [--sql 20000]`
 *
 * Each connector against its real server (slapd, Radicale, PostgreSQL started here), fetched
 * into the run's spool and then written through the write path into a fresh SQLite file, as the
 * bridge does: the first run (everything new) and a second one (nothing
 * changed). Prints records per second and the event loop's worst delay during the run next to
 * its worst delay while idle in the same process (the floor), since a connector must never
 * hold the popup's event loop.
 */
const { values } = parseArgs({ options: { ldap: { type: 'string', default: '20000' }, carddav: { type: 'string', default: '2000' }, sql: { type: 'string', default: '20000' } } });
const N = { ldap: Number(values.ldap), carddav: Number(values.carddav), sql: Number(values.sql) };
const numbering = { country: 'DE' as const, trunkPrefix: null };

async function loopDelay<T>(work: () => Promise<T>): Promise<{ result: T; ms: number; maxDelay: number; p99: number }> {
  const h = monitorEventLoopDelay({ resolution: 1 });
  h.enable();
  const t0 = performance.now();
  const result = await work();
  const ms = performance.now() - t0;
  h.disable();
  return { result, ms, maxDelay: h.max / 1e6, p99: h.percentile(99) / 1e6 };
}

async function run(input: ConnectorInput & { password?: string }, records: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'ringside-bench-conn-'));
  const store = openSqliteStore(join(dir, 'db.sqlite'));
  const catalog = await ConnectorCatalog.load(store.settings, null);
  await catalog.save(null, input);
  const runner = new ConnectorRunner({
    catalog,
    settings: store.settings,
    locks: new SourceLocks(store.leases),
    sync: (source, ndjson, locks) => runSyncOfBytes({ store, numbering, locks }, { source, full: true }, ndjson),
    numbering,
    log: silentLogger,
  });
  for (const label of ['first run', 'unchanged']) {
    const { result, ms, maxDelay, p99 } = await loopDelay(() => runner.run(input.id));
    if (!result.ok) throw new Error(`${input.kind}: ${result.error}`);
    const c = result.counts.customers!;
    console.log(
      `| ${input.kind} | ${label} | ${records.toLocaleString('en')} | ${(c.created + c.updated + c.unchanged).toLocaleString('en')} | ${(ms / 1000).toFixed(2)} s | ${Math.round((records / ms) * 1000).toLocaleString('en')}/s | ${maxDelay.toFixed(1)} ms | ${p99.toFixed(1)} ms |`,
    );
  }
  await runner.stop();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}

const idle = await loopDelay(() => new Promise((r) => setTimeout(r, 2000)));
console.log(`event loop while idle (floor): max ${idle.maxDelay.toFixed(1)} ms, p99 ${idle.p99.toFixed(1)} ms; RSS ${Math.round(process.memoryUsage().rss / 2 ** 20)} MB`);
console.log('| connector | run | source records | customers | time | rate | worst loop delay | p99 loop delay |');
console.log('|---|---|---|---|---|---|---|---|');

if (N.ldap > 0) {
  const people = Array.from({ length: N.ldap }, (_, i) => {
    const c = i < N.ldap * 0.8 ? Math.floor(i / 5) : null;
    return [`dn: uid=p${i},ou=people,${LDAP_SUFFIX}`, 'objectClass: inetOrgPerson', `uid: p${i}`, ldifLine('cn', `Jürgen Weiß ${i}`), ldifLine('sn', `Weiß ${i}`), 'givenName: Jürgen',
      ...(c !== null ? [ldifLine('o', `Müller Haustechnik ${c}`), `telephoneNumber: +49 40 5${String(c).padStart(6, '0')}-${10 + (i % 5)}`] : []), `mobile: 0151 ${20000000 + i}`, ''].join('\n');
  }).join('\n');
  const slapd = await Slapd.start(`dn: ou=people,${LDAP_SUFFIX}\nobjectClass: organizationalUnit\nou: people\n\n${people}`);
  try {
    await run({ id: 'ldap', kind: 'ldap', every: '1h', url: slapd.url, bindDn: LDAP_READER.dn, password: LDAP_READER.password, base: `ou=people,${LDAP_SUFFIX}` }, N.ldap);
  } finally {
    await slapd.stop();
  }
}

if (N.carddav > 0) {
  const cards: Record<string, string> = {};
  for (let i = 0; i < N.carddav; i++) {
    cards[`c-${i}.vcf`] = ['BEGIN:VCARD', 'VERSION:3.0', `UID:bench-${i}`, `N:Schäfer ${i};Käthe;;Frau;`, `FN:Käthe Schäfer ${i}`, ...(i % 3 ? [`ORG:Bäckerei Groß ${Math.floor(i / 3)}`] : []),
      `TEL;TYPE=WORK:030 ${2000000 + i}`, `TEL;TYPE=CELL:0171 ${3000000 + i}`, `EMAIL:k${i}@example.de`, 'END:VCARD', ''].join('\r\n');
  }
  const radicale = await Radicale.start({ kontakte: cards });
  try {
    await run({ id: 'dav', kind: 'carddav', every: '1h', url: `${radicale.base}/anna/kontakte/`, username: radicale.user, password: radicale.password }, N.carddav);
  } finally {
    await radicale.stop();
  }
}

if (N.sql > 0) {
  const pg = await Postgres.start();
  try {
    await pg.exec('CREATE DATABASE erp');
    await pg.exec(`CREATE TABLE kunden AS SELECT i AS id, 'K-' || i AS kdnr, 'Firma Müller ' || i AS firma, '030 ' || (2000000 + i) || '-0' AS zentrale FROM generate_series(1, ${N.sql}) i;
      CREATE TABLE ap AS SELECT k.id AS kunde_id, j AS nr, 'Jürgen' AS vorname, 'Weiß ' || k.id || '-' || j AS nachname, '030 ' || (2000000 + k.id) || '-' || (10 + j) AS telefon FROM kunden k, generate_series(1, 2) j;
      CREATE TABLE re AS SELECT k.id AS kunde_id, 'RE-' || k.id AS belegnr, 'offen' AS status, 100.5 AS betrag FROM kunden k;`, 'erp');
    await run(
      {
        id: 'erp',
        kind: 'sql',
        every: '1h',
        url: pg.url(Postgres.superuser.user, null, 'erp'),
        password: Postgres.superuser.password,
        customers: 'SELECT k.kdnr AS customerNo, k.firma AS company, k.zentrale AS switchboard, a.vorname AS firstName, a.nachname AS lastName, a.telefon AS phone FROM kunden k JOIN ap a ON a.kunde_id = k.id',
        documents: "SELECT k.kdnr AS customerNo, r.belegnr AS documentNo, 'invoice' AS kind, 'open' AS status, r.betrag AS amount FROM re r JOIN kunden k ON k.id = r.kunde_id",
      },
      N.sql * 3,
    );
  } finally {
    await pg.stop();
  }
}
console.log(`peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
