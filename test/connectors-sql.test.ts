import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeHarnesses, connectorHarness } from './helpers/connector-harness.js';
import { dumpStore } from './helpers/store-dump.js';
import { MariaDb } from './helpers/mariadb.js';
import { Postgres } from './helpers/postgres.js';

/**
 * The SQL connector against Debian's PostgreSQL and MariaDB with a small ERP schema
 * (customers, contacts, invoices, conversations), read by a user who may only SELECT.
 */

// Characters a URL would have to escape: the password travels in its own field.
const READER = { user: 'erp_reader', password: 'Nur-Lesen/2026@ä%:#' };

/** Both dialects take this DDL apart from the column types in `t`. */
function erpSchema(t: { serial: string; money: string; ts: string }): string {
  return `
CREATE TABLE kunden (id ${t.serial} PRIMARY KEY, kdnr VARCHAR(20) NOT NULL, firma VARCHAR(200), zentrale VARCHAR(40), kunde_seit DATE);
CREATE TABLE ansprechpartner (id ${t.serial} PRIMARY KEY, kunde_id INT NOT NULL, anrede VARCHAR(20), vorname VARCHAR(100), nachname VARCHAR(100), telefon VARCHAR(40), mobil VARCHAR(40), email VARCHAR(200));
CREATE TABLE rechnungen (id ${t.serial} PRIMARY KEY, kunde_id INT NOT NULL, belegnr VARCHAR(30) NOT NULL, betreff VARCHAR(200), status VARCHAR(20) NOT NULL, betrag ${t.money}, datum DATE, faellig DATE);
CREATE TABLE gespraeche (id ${t.serial} PRIMARY KEY, kunde_id INT NOT NULL, zeitpunkt ${t.ts} NOT NULL, betreff VARCHAR(200), notiz TEXT);
INSERT INTO kunden (kdnr, firma, zentrale, kunde_seit) VALUES
  ('K-10001', 'Müller & Söhne GmbH', '030 2312574-0', '2016-11-23'),
  ('K-10002', 'Bäckerei Weiß KG', '089 4711000', '2019-03-01'),
  ('K-10003', NULL, NULL, NULL);
INSERT INTO ansprechpartner (kunde_id, anrede, vorname, nachname, telefon, mobil, email) VALUES
  (1, 'Herr', 'Jürgen', 'Müller', '030 2312574-21', '0170 1234567', 'juergen@mueller-soehne.example'),
  (1, 'Frau', 'Käthe', 'Schäfer', '030 2312574-22', NULL, 'kaethe@mueller-soehne.example'),
  (2, 'Frau', 'Özlem', 'Weiß', '089 4711000-3', '0151 22334455', NULL),
  (3, 'Herr', 'Björn', 'Groß', '040 555123', '0160 9876543', 'bjoern@example.de');
INSERT INTO rechnungen (kunde_id, belegnr, betreff, status, betrag, datum, faellig) VALUES
  (1, 'RE-2026-0412', 'Dachrinne', 'offen', 1840.50, '2026-10-02', '2026-11-01'),
  (1, 'RE-2026-0399', 'Wartung', 'bezahlt', 320.00, '2026-09-10', '2026-10-10'),
  (2, 'RE-2026-0420', 'Öfen prüfen', 'ueberfaellig', 99.99, '2026-08-01', '2026-08-31');
INSERT INTO gespraeche (kunde_id, zeitpunkt, betreff, notiz) VALUES
  (1, '2026-11-20 10:15:00', 'Angebot Dachsanierung', 'Rückruf vereinbart');
`;
}

const CUSTOMERS = `SELECT k.kdnr AS customerNo, k.firma AS company, k.zentrale AS switchboard, k.kunde_seit AS customerSince,
  a.anrede AS salutation, a.vorname AS firstName, a.nachname AS lastName, a.telefon AS phone, a.mobil AS mobile, a.email AS email
  FROM kunden k LEFT JOIN ansprechpartner a ON a.kunde_id = k.id`;
const DOCUMENTS = `SELECT k.kdnr AS customerNo, r.belegnr AS documentNo, 'invoice' AS kind, r.betreff AS title,
  CASE r.status WHEN 'offen' THEN 'open' WHEN 'bezahlt' THEN 'paid' WHEN 'ueberfaellig' THEN 'overdue' END AS status,
  r.betrag AS amount, r.datum AS date, r.faellig AS due
  FROM rechnungen r JOIN kunden k ON k.id = r.kunde_id`;
const CONVERSATIONS = `SELECT k.kdnr AS customerNo, g.zeitpunkt AS at, 'call' AS channel, g.betreff AS subject, g.notiz AS summary
  FROM gespraeche g JOIN kunden k ON k.id = g.kunde_id`;

/** Marks the query the reader is stuck in, so the test can find its connection and kill it. */
const STUCK = 'ringside_stuck_here';

interface Dialect {
  name: string;
  start(): Promise<{
    url: (user: string) => string;
    exec: (sql: string) => Promise<void>;
    /** A FROM-clause item that keeps a query waiting until its connection is killed. */
    stuck: string;
    /** Kill the connection running the stuck query, once it is there; resolves when killed. */
    killStuck: () => Promise<void>;
    stop: () => Promise<void>;
  }>;
}

/** Ask until the stuck query shows (it does once the customers query has been read), then kill it. */
async function untilKilled(killOnce: () => Promise<number>): Promise<void> {
  while ((await killOnce()) === 0) await new Promise((r) => setTimeout(r, 50));
}

const dialects: Dialect[] = [
  {
    name: 'PostgreSQL',
    async start() {
      const pg = await Postgres.start();
      await pg.exec('CREATE DATABASE erp');
      await pg.exec(`CREATE ROLE ${READER.user} LOGIN PASSWORD '${READER.password}'`);
      await pg.exec(`${erpSchema({ serial: 'SERIAL', money: 'NUMERIC(12,2)', ts: 'TIMESTAMPTZ' })}
        CREATE SEQUENCE belegzaehler; GRANT USAGE ON SCHEMA public TO ${READER.user};
        GRANT SELECT ON ALL TABLES IN SCHEMA public TO ${READER.user}; GRANT USAGE ON SEQUENCE belegzaehler TO ${READER.user};`, 'erp');
      return {
        url: (u) => pg.url(u, null, 'erp'),
        exec: (sql) => pg.exec(sql, 'erp'),
        stuck: `(SELECT pg_sleep(3600) AS ${STUCK}) AS stuck`,
        killStuck: () =>
          untilKilled(async () => (await pg.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE '%${STUCK}%' AND state = 'active' AND pid <> pg_backend_pid()`)).length),
        stop: () => pg.stop(),
      };
    },
  },
  {
    name: 'MariaDB',
    async start() {
      const db = await MariaDb.start();
      await db.exec(`CREATE DATABASE erp CHARACTER SET utf8mb4; CREATE USER '${READER.user}'@'%' IDENTIFIED BY '${READER.password}';
        GRANT SELECT, EXECUTE ON erp.* TO '${READER.user}'@'%';`);
      await db.exec(`${erpSchema({ serial: 'INT AUTO_INCREMENT', money: 'DECIMAL(12,2)', ts: 'TIMESTAMP' })}
        CREATE TABLE protokoll (n INT);
        CREATE FUNCTION belegzaehler() RETURNS INT MODIFIES SQL DATA BEGIN INSERT INTO protokoll VALUES (1); RETURN 1; END;`, 'erp');
      return {
        url: (u) => db.url(u, null, 'erp'),
        exec: (sql) => db.exec(sql, 'erp'),
        stuck: `(SELECT SLEEP(3600) AS ${STUCK}) AS stuck`,
        killStuck: () =>
          untilKilled(async () => {
            const ids = await db.query<{ ID: number }>(`SELECT ID FROM information_schema.PROCESSLIST WHERE INFO LIKE '%${STUCK}%' AND ID <> CONNECTION_ID()`);
            for (const { ID } of ids) await db.exec(`KILL CONNECTION ${Number(ID)}`);
            return ids.length;
          }),
        stop: () => db.stop(),
      };
    },
  },
];

describe.each(dialects)('SQL connector ($name)', (dialect) => {
  let server: Awaited<ReturnType<Dialect['start']>>;
  beforeAll(async () => {
    server = await dialect.start();
  });
  afterAll(async () => {
    await closeHarnesses();
    await server?.stop();
  });

  const config = (extra: Record<string, unknown> = {}) => ({
    id: 'erp',
    kind: 'sql' as const,
    every: '15m',
    url: server.url(READER.user),
    password: READER.password,
    customers: CUSTOMERS,
    documents: DOCUMENTS,
    conversations: CONVERSATIONS,
    ...extra,
  });

  it('reads customers with their contacts, invoices and conversations; a changed invoice status shows on the next run', async () => {
    const h = await connectorHarness(config());
    const first = await h.run();
    expect(first.view.error).toBeNull();
    const got = first.pulled!;
    expect(first.view.problems).toEqual([]);
    expect(first.view.counts).toMatchObject({ customers: { created: 3 }, documents: { created: 3 }, conversations: { created: 1 } });
    expect([...got.customers.keys()]).toEqual(['K-10001', 'K-10002', 'K-10003']);
    expect(got.customers.get('K-10001')).toMatchObject({
      company: 'Müller & Söhne GmbH',
      customerSince: '2016-11-23',
      phones: [{ number: '030 2312574-0', main: true }],
      // Rows come sorted by all columns, so the order is the same on every run.
      contacts: [
        { salutation: 'Frau', firstName: 'Käthe', lastName: 'Schäfer', email: 'kaethe@mueller-soehne.example' },
        { salutation: 'Herr', firstName: 'Jürgen', lastName: 'Müller', phones: [{ number: '030 2312574-21' }, { number: '0170 1234567' }] },
      ],
    });
    expect(got.customers.get('K-10003')).toMatchObject({ company: null, contacts: [{ firstName: 'Björn', lastName: 'Groß' }] });
    expect(got.documents.get('K-10001/RE-2026-0412')).toMatchObject({ kind: 'invoice', status: 'open', amount: 1840.5, date: '2026-10-02', due: '2026-11-01' });
    expect(got.documents.get('K-10002/RE-2026-0420')).toMatchObject({ status: 'overdue', title: 'Öfen prüfen', amount: 99.99 });
    expect(got.conversations).toEqual([expect.objectContaining({ customerNo: 'K-10001', subject: 'Angebot Dachsanierung', summary: 'Rückruf vereinbart' })]);
    expect((got.conversations[0] as { at: string }).at).toMatch(/^2026-11-20T\d\d:15:00(\.000)?Z$/);

    await server.exec(`UPDATE rechnungen SET status = 'bezahlt' WHERE belegnr = 'RE-2026-0412'`);
    const before = await h.store.customers.card('K-10001', { conversations: 5 });
    expect(before?.openDocuments.map((d) => d.documentNo)).toEqual(['RE-2026-0412']);
    const second = await h.run();
    expect(second.pulled!.documents.get('K-10001/RE-2026-0412')).toMatchObject({ status: 'paid' });
    expect(second.view.counts).toMatchObject({
      customers: { created: 0, updated: 0, unchanged: 3, deleted: 0 },
      documents: { created: 0, updated: 1, unchanged: 2, deleted: 0 },
      conversations: { unchanged: 1 },
    });
    // Paid: no longer among the open documents the card shows.
    const after = await h.store.customers.card('K-10001', { conversations: 5 });
    expect(after?.openDocuments).toEqual([]);
    expect(after?.conversations[0]).toMatchObject({ subject: 'Angebot Dachsanierung' });

    // A customer whose only row went bad at the source is kept, not deleted, and the reason named.
    await server.exec(`UPDATE ansprechpartner SET email = 'kein-at-zeichen' WHERE vorname = 'Björn'`);
    const third = await h.run();
    expect(third.view.ok).toBe(true);
    expect(third.view.problems).toEqual([{ where: expect.stringMatching(/^customers row \d+$/), field: 'email', message: expect.stringContaining('kein-at-zeichen') }]);
    expect(third.view.counts.customers).toMatchObject({ deleted: 0, failed: 1, unchanged: 2 });
    expect(await h.store.customers.card('K-10003', { conversations: 0 })).toMatchObject({ contacts: [{ firstName: 'Björn', email: 'bjoern@example.de' }] });
    await server.exec(`UPDATE ansprechpartner SET email = 'bjoern@example.de' WHERE vorname = 'Björn'`);
  });

  it('never writes: a query that tries is refused and the run fails', async () => {
    const touching = dialect.name === 'PostgreSQL' ? `SELECT kdnr AS customerNo, firma AS company, nextval('belegzaehler') AS notes FROM kunden` : `SELECT kdnr AS customerNo, firma AS company, belegzaehler() AS notes FROM kunden`;
    const { view, pulled } = await (await connectorHarness(config({ customers: touching }))).run();
    expect(view.ok).toBe(false);
    expect(view.error).toMatch(/connectors only read|read.only/i);
    expect(view.errorCode).toBe('read_only');
    expect(pulled).toBeNull();
  });

  it('names a wrong password and a query without customer numbers in plain words', async () => {
    const wrong = await (await connectorHarness(config({ password: 'falsch' }))).run();
    expect(wrong.view.error).toMatch(/refused the user name or password/);
    expect(wrong.view.errorCode).toBe('auth');
    const noKey = await (await connectorHarness(config({ customers: 'SELECT firma AS company FROM kunden' }))).run();
    expect(noKey.view.error).toBe('the customers query has no customerNo column (it has company)');
  });
  it('changes nothing when the database drops the connection half-way through a run', async () => {
    const h = await connectorHarness(config());
    expect((await h.run()).view.ok).toBe(true);
    // The customers query would bring a change and a new customer; then the documents query
    // hangs until its connection is killed, as when the ERP's database restarts mid-run.
    await h.catalog.save('erp', { ...config(), documents: `${DOCUMENTS.replace('FROM rechnungen r', `FROM rechnungen r CROSS JOIN ${server.stuck}`)}` });
    const before = dumpStore(h.file);
    await server.exec(`UPDATE kunden SET firma = 'Müller & Töchter GmbH' WHERE kdnr = 'K-10001'; INSERT INTO kunden (kdnr, firma) VALUES ('K-10009', 'Neu im ERP GmbH')`);
    try {
      const running = h.run();
      await server.killStuck();
      const { view, pulled } = await running;
      expect(view.ok).toBe(false);
      expect(view.error).toMatch(/ended the connection during the run|closed the connection/);
      expect(pulled).toBeNull();
      expect(dumpStore(h.file)).toEqual(before);
      expect(await h.store.customers.exists('K-10009')).toBe(false);
      expect((await h.store.customers.card('K-10001', { conversations: 0 }))?.company).toBe('Müller & Söhne GmbH');
      // The console shows the failed run; the next good run brings the changes.
      expect(h.runner.lastRun('erp')).toMatchObject({ ok: false, counts: {} });
      await h.catalog.save('erp', config());
      const next = await h.run();
      expect(next.view.counts.customers).toMatchObject({ created: 1, updated: 1, unchanged: 2 });
    } finally {
      await server.exec(`UPDATE kunden SET firma = 'Müller & Söhne GmbH' WHERE kdnr = 'K-10001'; DELETE FROM kunden WHERE kdnr = 'K-10009'`);
    }
  });

  it.runIf(dialect.name === 'PostgreSQL')('changes nothing when a query fails on a later row', async () => {
    const h = await connectorHarness(config());
    expect((await h.run()).view.ok).toBe(true);
    // Division by zero on the second customer's row only: the rows before it are read.
    const failing = CONVERSATIONS.replace("'call' AS channel", "CASE WHEN 1 / (CASE WHEN k.kdnr = 'K-10002' THEN 0 ELSE 1 END) = 1 THEN 'call' END AS channel")
      .replace('FROM gespraeche g JOIN kunden k ON k.id = g.kunde_id', 'FROM kunden k LEFT JOIN gespraeche g ON k.id = g.kunde_id');
    await h.catalog.save('erp', { ...config(), conversations: failing });
    const before = dumpStore(h.file);
    await server.exec(`UPDATE rechnungen SET betreff = 'Dachrinne, zweite Rate' WHERE belegnr = 'RE-2026-0412'; UPDATE kunden SET zentrale = '030 2312574-99' WHERE kdnr = 'K-10001'`);
    try {
      const { view, pulled } = await h.run();
      expect(view.ok).toBe(false);
      expect(view.error).toMatch(/division by zero/);
      expect(pulled).toBeNull();
      expect(dumpStore(h.file)).toEqual(before);
      const card = await h.store.customers.card('K-10001', { conversations: 0 });
      expect(card?.phones.map((p) => p.number)).toEqual(['030 2312574-0']);
    } finally {
      await server.exec(`UPDATE rechnungen SET betreff = 'Dachrinne' WHERE belegnr = 'RE-2026-0412'; UPDATE kunden SET zentrale = '030 2312574-0' WHERE kdnr = 'K-10001'`);
    }
  });
});
