import type { ImportJob } from '@ringside/shared';
import { existsSync, readdirSync, readlinkSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { openSqliteStore } from '../store/sqlite/index.js';
import type { Store } from '../store/store.js';
import { ImportError, ImportJobs } from './import-jobs.js';

// Console imports end to end against an in-memory store: upload, inspect, preview, run, poll.

const DE = { country: 'DE' as const, trunkPrefix: null };

const CSV = [
  'Kundennummer;Firma;Telefon',
  '10023;Welter Dachbau GmbH;030 2312574-0',
  '10024;;030 1111111',
  '10025;Heide Elektro;069 90009-0',
].join('\r\n');

// Uploads are spooled under os.tmpdir(): point it at a directory of this file's own, so what is
// left behind can be counted exactly.
let ownTmp: string;
const savedTmp = process.env.TMPDIR;
beforeAll(async () => {
  ownTmp = await mkdtemp(join(tmpdir(), 'ringside-import-test-'));
  process.env.TMPDIR = ownTmp;
});
afterAll(async () => {
  if (savedTmp === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = savedTmp;
  await rm(ownTmp, { recursive: true, force: true });
});

const uploadDirs = async () => (await readdir(ownTmp)).filter((n) => n.startsWith('ringside-import-'));

let store: Store;
let jobs: ImportJobs;
beforeEach(() => {
  store = openSqliteStore(':memory:');
  jobs = new ImportJobs({ store, numbering: DE });
});
afterEach(async () => {
  await jobs.close();
  await store.close();
});

const body = (content: string | Buffer) => Readable.from([Buffer.isBuffer(content) ? content : Buffer.from(content)]);

async function finished(id: string): Promise<ImportJob> {
  for (let i = 0; i < 500; i++) {
    const job = jobs.job(id);
    if (job.state !== 'running') return job;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error('import did not finish');
}

async function importError(promise: Promise<unknown> | (() => unknown)): Promise<ImportError> {
  let err: unknown = null;
  try {
    await (typeof promise === 'function' ? promise() : promise);
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(ImportError);
  return err as ImportError;
}

describe('ImportJobs', () => {
  it('inspects an uploaded CSV: kind, delimiter, guessed mapping and a preview with the bad row', async () => {
    const inspection = await jobs.upload(body(CSV), 'kunden.csv');
    expect(inspection).toMatchObject({
      fileName: 'kunden.csv',
      kind: 'csv',
      encoding: 'utf-8',
      delimiter: ';',
      headers: ['Kundennummer', 'Firma', 'Telefon'],
      mapping: { Kundennummer: 'customerNo', Firma: 'company', Telefon: 'phone' },
      bytes: Buffer.byteLength(CSV),
    });
    expect(inspection.id).toMatch(/\S{16,}/);
    expect(inspection.preview).toHaveLength(3);
    expect(inspection.preview[0]).toMatchObject({
      ok: true,
      line: 2,
      customerNo: '10023',
      company: 'Welter Dachbau GmbH',
      phones: [{ number: '030 2312574-0', e164: '+49302312574' }],
    });
    expect(inspection.preview[1]).toMatchObject({ ok: false, line: 3 });
    expect(inspection.preview[2]).toMatchObject({ ok: true, line: 4, customerNo: '10025' });
    // Nothing is written before the user starts the import.
    expect(await store.customers.count()).toBe(0);
  });

  it('previews again under a corrected mapping', async () => {
    const { id } = await jobs.upload(body(CSV), 'kunden.csv');
    const preview = await jobs.preview(id, { Telefon: 'ignore' });
    expect(preview[0]).toMatchObject({ ok: true, customerNo: '10023', phones: [] });
    const asMobile = await jobs.preview(id, { Telefon: 'mobile' });
    expect(asMobile[0]).toMatchObject({ ok: true, phones: [{ number: '030 2312574-0', label: expect.any(String) }] });
  });

  it('imports in the background: counts, and row errors with their line numbers', async () => {
    const { id } = await jobs.upload(body(CSV), 'kunden.csv');
    const started = await jobs.run(id, undefined);
    expect(started).toMatchObject({ id, state: 'running' });
    const job = await finished(id);
    expect(job).toMatchObject({ state: 'done', rows: 3, imported: 2, updated: 0, failed: 1, error: null });
    expect(job.errors).toHaveLength(1);
    expect(job.errors[0]).toMatchObject({ line: 3, field: expect.any(String), message: expect.any(String) });
    expect(job.durationMs).toBeGreaterThanOrEqual(0);
    expect(await store.customers.count()).toBe(2);
    expect((await store.customers.card('10025', { conversations: 0 }))?.company).toBe('Heide Elektro');
  });

  it('imports under the mapping given with run', async () => {
    const { id } = await jobs.upload(body(CSV), 'kunden.csv');
    await jobs.run(id, { Telefon: 'ignore' });
    expect(await finished(id)).toMatchObject({ state: 'done', imported: 2 });
    expect((await store.customers.card('10023', { conversations: 0 }))?.phones).toEqual([]);
  });

  it('refuses to run the same upload twice with 409', async () => {
    const { id } = await jobs.upload(body(CSV), 'kunden.csv');
    await jobs.run(id, undefined);
    expect(await importError(jobs.run(id, undefined))).toMatchObject({ status: 409, field: 'id' });
    await finished(id);
    expect(await importError(jobs.run(id, undefined))).toMatchObject({ status: 409 });
    expect(await store.customers.count()).toBe(2);
  });

  it('answers 404 for an unknown upload, and for a job not started yet', async () => {
    expect(await importError(jobs.preview('nope', undefined))).toMatchObject({ status: 404, field: 'id' });
    expect(await importError(jobs.run('nope', undefined))).toMatchObject({ status: 404, field: 'id' });
    expect(await importError(() => jobs.job('nope'))).toMatchObject({ status: 404, field: 'id' });
    const { id } = await jobs.upload(body(CSV), 'kunden.csv');
    expect(await importError(() => jobs.job(id))).toMatchObject({ status: 404 });
  });

  it('names the column when the mapping refers to one the file does not have', async () => {
    const { id } = await jobs.upload(body(CSV), 'kunden.csv');
    expect(await importError(jobs.preview(id, { Mobil: 'mobile' }))).toMatchObject({ status: 400, field: 'mapping.Mobil' });
    expect(await importError(jobs.run(id, { Firma: 'company', Ort: 'notes' }))).toMatchObject({ status: 400, field: 'mapping.Ort' });
    // A refused run did not start a job: the corrected one may.
    await jobs.run(id, undefined);
    expect(await finished(id)).toMatchObject({ state: 'done' });
  });

  it('refuses to run without any column for a company or a name', async () => {
    const { id } = await jobs.upload(body(CSV), 'kunden.csv');
    expect(await importError(jobs.run(id, { Firma: 'ignore' }))).toMatchObject({ status: 400, field: 'mapping' });
    expect(await importError(() => jobs.job(id))).toMatchObject({ status: 404 });
    await jobs.run(id, { Firma: 'name' });
    expect(await finished(id)).toMatchObject({ state: 'done', imported: 2 });
  });

  it('refuses an empty upload and leaves no temporary file behind', async () => {
    const before = await uploadDirs();
    expect(await importError(jobs.upload(body(''), 'leer.csv'))).toMatchObject({ status: 400, field: 'file' });
    expect(await importError(jobs.upload(Readable.from([]), 'leer.csv'))).toMatchObject({ status: 400, field: 'file' });
    expect(await uploadDirs()).toEqual(before);
  });

  it('reports an upload that breaks off as a file error, removing what was spooled', async () => {
    const before = await uploadDirs();
    const broken = new Readable({
      read() {
        this.push(Buffer.from('Kundennummer;Firma\n1;A\n'));
        this.destroy(new Error('connection reset'));
      },
    });
    const err = await importError(jobs.upload(broken, 'kunden.csv'));
    expect(err).toMatchObject({ status: 400, field: 'file' });
    expect(err.message).toContain('connection reset');
    expect(await uploadDirs()).toEqual(before);
  });

  it('recognizes a vCard file by its content even under a .txt name', async () => {
    const vcf = await readFile(new URL('./fixtures/vcard4.vcf', import.meta.url));
    const inspection = await jobs.upload(body(vcf), 'kontakte.txt');
    expect(inspection).toMatchObject({ kind: 'vcard', delimiter: null, headers: [], mapping: {} });
    expect(inspection.preview.some((r) => r.ok && r.company === 'Heide Elektrotechnik')).toBe(true);
    // vCards need no mapping, and refuse none.
    await jobs.run(inspection.id, undefined);
    const job = await finished(inspection.id);
    expect(job.state).toBe('done');
    expect(job.imported).toBeGreaterThan(0);
  });

  it('recognizes a vCard with a UTF-8 byte order mark by its content', async () => {
    const card = 'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jürgen Köhler\r\nN:Köhler;Jürgen;;;\r\nORG:Köhler Sanitär\r\nTEL;TYPE=WORK:0221 4711\r\nEND:VCARD\r\n';
    const inspection = await jobs.upload(body(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(card)])), 'export.txt');
    expect(inspection.kind).toBe('vcard');
    expect(inspection.preview[0]).toMatchObject({ ok: true, company: 'Köhler Sanitär', phones: [{ e164: '+492214711' }] });
  });

  it('recognizes a UTF-16 vCard ("Unicode text") by its content', async () => {
    const card = 'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jürgen Köhler\r\nORG:Köhler Sanitär\r\nTEL;TYPE=WORK:0221 4711\r\nEND:VCARD\r\n';
    const inspection = await jobs.upload(body(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(card, 'utf16le')])), 'export.txt');
    expect(inspection).toMatchObject({ kind: 'vcard', encoding: 'utf-16le' });
    expect(inspection.preview[0]).toMatchObject({ ok: true, company: 'Köhler Sanitär' });
  });

  it('takes a .vcf name as a vCard whatever the content', async () => {
    const inspection = await jobs.upload(body(CSV), 'kunden.VCF');
    expect(inspection.kind).toBe('vcard');
  });

  it('takes a file with nothing but the header line, which imports nothing', async () => {
    const inspection = await jobs.upload(body('Kundennummer;Firma;Telefon\r\n'), 'kunden.csv');
    expect(inspection).toMatchObject({ kind: 'csv', headers: ['Kundennummer', 'Firma', 'Telefon'], preview: [] });
    await jobs.run(inspection.id, undefined);
    expect(await finished(inspection.id)).toMatchObject({ state: 'done', rows: 0, imported: 0, failed: 0 });
  });

  // A file the parser has not read to its end must not stay open: on Linux the deleted upload's
  // disk space is only freed when the last descriptor closes, and previews are repeated.
  it.skipIf(!existsSync('/proc/self/fd'))('keeps no descriptor of the spooled file open after inspection and previews', async () => {
    const openUploads = () =>
      readdirSync('/proc/self/fd')
        .map((fd) => {
          try {
            return readlinkSync(`/proc/self/fd/${fd}`);
          } catch {
            return '';
          }
        })
        .filter((target) => target.startsWith(ownTmp));
    const lines = ['Kundennummer;Firma;Telefon'];
    for (let i = 0; i < 60_000; i++) lines.push(`${i};Firma Nummer ${i} GmbH;030 ${1_000_000 + i}`);
    const { id } = await jobs.upload(body(lines.join('\n')), 'gross.csv');
    await jobs.preview(id, { Telefon: 'ignore' });
    await jobs.preview(id, undefined);
    // Streams close their descriptor a tick after they end; wait for that, however busy the machine.
    await vi.waitFor(() => expect(openUploads()).toEqual([]), { timeout: 5000, interval: 20 });
  });

  it('removes the spooled file when an import has finished, and every upload on close', async () => {
    const before = await uploadDirs();
    const done = await jobs.upload(body(CSV), 'a.csv');
    await jobs.upload(body(CSV), 'b.csv');
    expect((await uploadDirs()).length).toBe(before.length + 2);
    await jobs.run(done.id, undefined);
    await finished(done.id);
    // The removal runs right after the job settles.
    for (let i = 0; i < 100 && (await uploadDirs()).length > before.length + 1; i++) await new Promise((r) => setTimeout(r, 5));
    expect((await uploadDirs()).length).toBe(before.length + 1);
    // The finished job is still there to poll.
    expect(jobs.job(done.id).state).toBe('done');

    await jobs.close();
    expect(await uploadDirs()).toEqual(before);
  });
});
