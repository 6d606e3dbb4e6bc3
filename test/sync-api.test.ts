import Database from 'better-sqlite3';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncReport } from '@ringside/shared';
import { ADMIN_TOKEN, BridgeProcess } from './helpers/bridge-process.js';
import { postChunked } from './helpers/raw-post.js';

// POST /api/sync against a real bridge process: NDJSON streamed in, ownership per source, the
// full sync's sweep, and what a broken stream must not do.

let bridge: BridgeProcess;
beforeAll(async () => {
  bridge = await BridgeProcess.start();
});
afterAll(async () => {
  await bridge?.dispose();
});

const customer = (customerNo: string, company: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ customer: { customerNo, company, phones: [{ number: '030 2312574-0', main: true }], ...extra } });
const document = (customerNo: string, documentNo: string, status = 'open') =>
  JSON.stringify({ document: { customerNo, documentNo, kind: 'invoice', title: 'Dachrinne', status, amount: 1840.5 } });
const ndjson = (...lines: string[]) => `${lines.join('\n')}\n`;

async function sync(query: string, body: string | Buffer): Promise<{ status: number; body: any }> {
  const res = await fetch(`${bridge.base}/api/sync?${query}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/x-ndjson' },
    body,
  });
  return { status: res.status, body: await res.json() };
}

/** The same request with a chunked body (no Content-Length): parsed on the worker thread. */
const syncChunked = (query: string, chunks: Buffer[]) =>
  postChunked(`${bridge.base}/api/sync?${query}`, { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/x-ndjson' }, chunks);

async function report(query: string, body: string | Buffer): Promise<SyncReport> {
  const res = await sync(query, body);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as SyncReport;
}

const exists = async (customerNo: string) => (await bridge.api('GET', `/api/customers/${customerNo}`)).status === 200;

/** Wait for a condition the bridge reaches on its own (a log line); never a fixed sleep. */
async function until(what: string, check: () => boolean | Promise<boolean>, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}:\n${bridge.output.slice(-3000)}`);
}

describe('POST /api/sync', () => {
  it('counts what it created, and the same stream again is unchanged and changes nothing', async () => {
    const body = ndjson(
      customer('S1-1', 'Welter Dachbau GmbH', { contacts: [{ firstName: 'Jonas', lastName: 'Welter', phones: [{ number: '0170 1234567' }] }] }),
      customer('S1-2', 'Bäckerei Groß'),
      document('S1-1', 'RE-1'),
      JSON.stringify({ conversation: { customerNo: 'S1-1', at: '2026-11-20T10:15:00+01:00', subject: 'Angebot Dachsanierung' } }),
    );
    const first = await report('source=erp1', body);
    expect(first).toMatchObject({
      source: 'erp1',
      full: false,
      complete: true,
      lines: 4,
      customers: { created: 2, updated: 0, unchanged: 0, failed: 0 },
      documents: { created: 1 },
      conversations: { created: 1 },
      errors: [],
    });
    const card = (await bridge.api('GET', '/api/customers/S1-1')).body;
    const second = await report('source=erp1', body);
    expect(second).toMatchObject({
      customers: { created: 0, updated: 0, unchanged: 2 },
      documents: { created: 0, updated: 0, unchanged: 1 },
      conversations: { created: 0, updated: 0, unchanged: 1 },
    });
    // Not even the timestamps moved.
    expect((await bridge.api('GET', '/api/customers/S1-1')).body).toEqual(card);
    expect(card.contacts[0].phones[0].e164).toBe('+491701234567');
    expect(card.openDocuments.map((d: { documentNo: string }) => d.documentNo)).toEqual(['RE-1']);
  });

  it('reports bad lines with line number and field, and writes the good ones', async () => {
    const res = await report(
      'source=erp2',
      ndjson(
        customer('S2-1', 'Gut GmbH'),
        '{"customer": {"customerNo": "S2-2", "company": ',
        '',
        customer('S2-3', 'Kaputt GmbH', { contacts: [{ lastName: 'Weiß', email: 'kaputt(at)example.de' }] }),
        document('S2-unbekannt', 'RE-9'),
        JSON.stringify({ customer: { customerNo: 'S2 4', company: 'Leerzeichen' } }),
        JSON.stringify({ invoice: {} }),
        JSON.stringify({ deleteDocument: { customerNo: 'S2-1' } }),
        customer('S2-5', 'Auch gut GmbH'),
      ),
    );
    expect(res.lines).toBe(9);
    expect(res.customers).toMatchObject({ created: 2, failed: 2 });
    expect(res.documents.failed).toBe(2);
    expect(res.invalidLines).toBe(2);
    expect(res.errors.map((e) => [e.line, e.field])).toEqual([
      [2, '(line)'],
      [4, 'customer.contacts.0.email'],
      [5, 'document.customerNo'],
      [6, 'customer.customerNo'],
      [7, '(line)'],
      [8, 'deleteDocument.documentNo'],
    ]);
    expect(res.errors[0]!.message).toMatch(/not valid JSON/);
    expect(await exists('S2-1')).toBe(true);
    expect(await exists('S2-5')).toBe(true);
    expect(await exists('S2-3')).toBe(false);
  });

  it('a full sync removes only what its own source wrote and did not mention', async () => {
    await report('source=erp3', ndjson(customer('S3-1', 'Bleibt'), customer('S3-2', 'Geht'), document('S3-1', 'RE-1'), document('S3-1', 'RE-2')));
    await report('source=crm3', ndjson(customer('S3-3', 'Anderer Quelle GmbH'), document('S3-1', 'AN-1')));
    await bridge.expectOk('PUT', '/api/customers/S3-4', { company: 'Von Hand angelegt' });

    const res = await report('source=erp3&full=true', ndjson(customer('S3-1', 'Bleibt'), document('S3-1', 'RE-1'), customer('S3-3', 'Übernahme?')));
    expect(res.complete).toBe(true);
    expect(res.customers).toMatchObject({ unchanged: 1, deleted: 1, failed: 1 });
    expect(res.documents).toMatchObject({ unchanged: 1, deleted: 1 });
    expect(res.errors).toEqual([{ line: 3, field: 'customer.customerNo', message: expect.stringContaining('crm3') }]);
    expect(await exists('S3-2')).toBe(false);
    expect(await exists('S3-3')).toBe(true);
    expect(await exists('S3-4')).toBe(true);
    const docs = (await bridge.api('GET', '/api/customers/S3-1')).body.openDocuments.map((d: { documentNo: string }) => d.documentNo);
    expect(docs.sort()).toEqual(['AN-1', 'RE-1']);
  });

  it('a full sync keeps a record whose line was bad this time', async () => {
    await report('source=erp4', ndjson(customer('S4-1', 'Eins'), customer('S4-2', 'Zwei')));
    const res = await report('source=erp4&full=true', ndjson(customer('S4-1', 'Eins'), JSON.stringify({ customer: { customerNo: 'S4-2', company: '' } })));
    expect(res.customers).toMatchObject({ unchanged: 1, failed: 1, deleted: 0 });
    expect(await exists('S4-2')).toBe(true);
  });

  for (const transport of ['with a length, parsed inline', 'chunked, parsed on the worker'] as const) {
    it(`invalid UTF-8 mid-way (${transport}): 400, the lines before are kept, nothing is deleted`, async () => {
      const source = transport.startsWith('chunked') ? 'erp5w' : 'erp5';
      const no = (n: number) => `${source}-${n}`;
      await report(`source=${source}`, ndjson(customer(no(1), 'Eins'), customer(no(2), 'Zwei')));
      const chunks = [
        Buffer.from(ndjson(customer(no(1), 'Eins geändert'))),
        Buffer.from(`{"customer": {"customerNo": "${no(3)}", "company": "M`),
        Buffer.from([0xfc]), // "ü" in Latin-1: not UTF-8
        Buffer.from('ller"}}\n'),
        Buffer.from(ndjson(customer(no(4), 'Vier'))),
      ];
      const res = transport.startsWith('chunked') ? await syncChunked(`source=${source}&full=true`, chunks) : await sync(`source=${source}&full=true`, Buffer.concat(chunks));
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ error: 'invalid', field: '(body)' });
      expect(res.body.report).toMatchObject({ complete: false, stoppedBy: 'stream', customers: { updated: 1, deleted: 0 } });
      expect(res.body.report.error).toMatch(/line 2 is not valid UTF-8/);
      expect(await exists(no(2))).toBe(true);
      expect(await exists(no(4))).toBe(false);
      expect((await bridge.api('GET', `/api/customers/${no(1)}`)).body.company).toBe('Eins geändert');
    });
  }

  it('a cut connection deletes nothing', async () => {
    await report('source=erp6', ndjson(customer('S6-1', 'Eins'), customer('S6-2', 'Zwei'), document('S6-1', 'RE-1')));
    const before = bridge.output.length;
    await new Promise<void>((resolve) => {
      const req = request(`${bridge.base}/api/sync?source=erp6&full=true`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/x-ndjson', 'transfer-encoding': 'chunked' },
      });
      req.on('error', () => resolve());
      req.write(ndjson(customer('S6-1', 'Eins')));
      req.write('{"customer": {"customerNo": "S6-3", "comp');
      // Give the bridge the first line before the connection goes away, as a real cut would.
      setTimeout(() => {
        req.destroy();
        resolve();
      }, 300);
    });
    await until('the bridge to log the broken sync', () => /sync incomplete/.test(bridge.output.slice(before)));
    expect(bridge.output.slice(before)).toMatch(/"source":"erp6"/);
    expect(await exists('S6-2')).toBe(true);
    expect((await bridge.api('GET', '/api/customers/S6-1')).body.openDocuments).toHaveLength(1);
    // The source can sync again at once: the broken run let go of it.
    expect((await report('source=erp6&full=true', ndjson(customer('S6-1', 'Eins')))).customers.deleted).toBe(1);
    expect(await exists('S6-2')).toBe(false);
  });

  it('a second sync of the same source while one runs is refused with 409; other sources go on', async () => {
    const req = request(`${bridge.base}/api/sync?source=erp7`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/x-ndjson', 'transfer-encoding': 'chunked' },
    });
    const answered = new Promise<number>((resolve, reject) => {
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
    });
    req.write(ndjson(customer('S7-1', 'Eins')));
    // Once its first line is written, the first request holds the source (its body is still
    // open). Asking before that could let the second request take the source first.
    await until('the first sync to write its first line', () => exists('S7-1'));
    expect((await sync('source=erp7', ndjson(customer('S7-2', 'Zwei')))).status).toBe(409);
    expect(await exists('S7-2')).toBe(false);
    expect((await sync('source=erp7b', ndjson(customer('S7-3', 'Drei')))).status).toBe(200);
    req.end(ndjson(customer('S7-4', 'Vier')));
    expect(await answered).toBe(200);
    expect(await exists('S7-4')).toBe(true);
  });

  it('refuses a missing or malformed source and a bad full flag, without reading the body', async () => {
    expect(await sync('', ndjson(customer('S8-1', 'X')))).toMatchObject({ status: 400, body: { field: 'source' } });
    expect(await sync('source=a%20b', ndjson(customer('S8-1', 'X')))).toMatchObject({ status: 400, body: { field: 'source' } });
    expect(await sync('source=erp8&full=ja', ndjson(customer('S8-1', 'X')))).toMatchObject({ status: 400, body: { field: 'full' } });
    const noToken = await fetch(`${bridge.base}/api/sync?source=erp8`, { method: 'POST', body: ndjson(customer('S8-1', 'X')) });
    expect(noToken.status).toBe(401);
    expect(await exists('S8-1')).toBe(false);
  });

  it('a database that fails part-way: 503, and the report counts exactly what was stored', async () => {
    // A trigger refuses one customer, as a full disk would fail a write in the middle of a batch.
    const db = new Database(bridge.dbFile);
    db.exec(`CREATE TRIGGER refuse_s9 BEFORE INSERT ON customers WHEN NEW.customer_no = 'S9-4400' BEGIN SELECT RAISE(ABORT, 'disk full (test)'); END`);
    db.close();
    const lines = Array.from({ length: 4500 }, (_, i) => customer(`S9-${i}`, `Firma ${i}`));
    const res = await sync('source=erp9&full=true', ndjson(...lines));
    expect(res.status).toBe(503);
    const r = res.body.report as SyncReport;
    expect(r).toMatchObject({ complete: false, stoppedBy: 'store' });
    expect(r.error).toMatch(/disk full/);
    const check = new Database(bridge.dbFile, { readonly: true });
    const stored = check.prepare(`SELECT count(*) FROM customers WHERE source = 'erp9'`).pluck().get() as number;
    check.close();
    expect(stored).toBeGreaterThan(0);
    expect(r.customers.created).toBe(stored);
    expect(await exists(`S9-${stored - 1}`)).toBe(true);
    expect(await exists(`S9-${stored}`)).toBe(false);
  });
});
