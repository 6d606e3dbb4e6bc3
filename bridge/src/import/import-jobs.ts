import type { ImportInspection, ImportJob, ImportPreviewRow } from '@ringside/shared';
import { createWriteStream } from 'node:fs';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import type { NumberingConfig } from '../phone/normalize.js';
import type { Store } from '../store/store.js';
import { generateToken } from '../util/tokens.js';
import { guessMapping, type Mapping } from './csv-mapping.js';
import { mappedRows, openCsv, type Delimiter } from './csv-reader.js';
import { detectEncoding, type TextEncoding } from './decode.js';
import { importCustomers, previewRows } from './importer.js';
import type { RowResult } from './rows.js';
import { vcardRows } from './vcard.js';

/** Larger files go through `npm run import`, which shows progress in the terminal. */
export const MAX_UPLOAD_BYTES = 200 * 1024 * 1024;
const PREVIEW_ROWS = 10;
/** An upload nobody imports is removed after this long. */
const UPLOAD_TTL_MS = 60 * 60 * 1000;
const MAX_ERRORS = 1000;

export class ImportError extends Error {
  constructor(
    readonly field: string,
    message: string,
    readonly status: 400 | 404 | 409 | 413 = 400,
  ) {
    super(message);
  }
}

interface Upload {
  id: string;
  dir: string;
  path: string;
  fileName: string;
  kind: 'csv' | 'vcard';
  encoding: TextEncoding;
  delimiter: Delimiter | null;
  headers: string[];
  job: ImportJob | null;
  expiry: NodeJS.Timeout;
}

/**
 * Console imports: the file is spooled to a temporary file once, then previewed under changing
 * mappings and imported in the background while the console polls the job. The same parsers
 * and importer as `npm run import`, so both behave alike row for row.
 */
export class ImportJobs {
  private readonly uploads = new Map<string, Upload>();

  constructor(private readonly deps: { store: Store; numbering: NumberingConfig }) {}

  async upload(body: Readable, fileName: string): Promise<ImportInspection> {
    const dir = await mkdtemp(join(tmpdir(), 'ringside-import-'));
    const path = join(dir, 'upload');
    let bytes = 0;
    try {
      await pipeline(
        body,
        async function* (source: AsyncIterable<Buffer>) {
          for await (const chunk of source) {
            bytes += chunk.length;
            if (bytes > MAX_UPLOAD_BYTES) throw new ImportError('file', `larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB: use npm run import on the server`, 413);
            yield chunk;
          }
        },
        createWriteStream(path),
      );
      if (bytes === 0) throw new ImportError('file', 'the file is empty');
      const upload = await this.inspect(dir, path, fileName);
      this.uploads.set(upload.id, upload);
      return { ...this.describe(upload), bytes, preview: await this.preview(upload.id, upload.kind === 'csv' ? guessMapping(upload.headers) : undefined) };
    } catch (err) {
      await rm(dir, { recursive: true, force: true });
      if (err instanceof ImportError) throw err;
      throw new ImportError('file', `cannot read the file: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  async preview(id: string, mapping: Mapping | undefined): Promise<ImportPreviewRow[]> {
    const upload = this.get(id);
    return previewRows(await this.rows(upload, this.checkMapping(upload, mapping)), PREVIEW_ROWS, this.deps.numbering);
  }

  /** Start the import; the job is polled with `job()`. */
  async run(id: string, mapping: Mapping | undefined): Promise<ImportJob> {
    const upload = this.get(id);
    if (upload.job) throw new ImportError('id', 'this file is already being imported or was imported', 409);
    const checked = this.checkMapping(upload, mapping);
    if (upload.kind === 'csv') {
      const targets = new Set(Object.values(checked ?? {}));
      if (!['company', 'name', 'firstName', 'lastName'].some((t) => targets.has(t as never))) {
        throw new ImportError('mapping', 'map a column to company or to a name (Firma, Name, Vorname, Nachname): otherwise every row fails');
      }
    }
    const job: ImportJob = { id, state: 'running', rows: 0, imported: 0, updated: 0, failed: 0, errors: [], error: null, durationMs: 0 };
    upload.job = job;
    clearTimeout(upload.expiry);
    const started = performance.now();
    void this.rows(upload, checked)
      .then((rows) =>
        importCustomers(rows, this.deps.store, this.deps.numbering, (p) => Object.assign(job, p), { maxErrors: MAX_ERRORS, progressEvery: 200 }),
      )
      .then((result) => Object.assign(job, result, { state: 'done' }))
      .catch((err: unknown) => Object.assign(job, { state: 'failed', error: err instanceof Error ? err.message : String(err) }))
      .finally(() => {
        job.durationMs = Math.round(performance.now() - started);
        // The job stays visible for polling; the file itself is no longer needed.
        void rm(upload.dir, { recursive: true, force: true });
        upload.expiry = setTimeout(() => this.uploads.delete(id), UPLOAD_TTL_MS).unref();
      });
    return job;
  }

  job(id: string): ImportJob {
    const upload = this.get(id);
    if (!upload.job) throw new ImportError('id', 'this file has not been imported yet', 404);
    return upload.job;
  }

  async close(): Promise<void> {
    for (const u of this.uploads.values()) {
      clearTimeout(u.expiry);
      await rm(u.dir, { recursive: true, force: true });
    }
    this.uploads.clear();
  }

  private get(id: string): Upload {
    const upload = this.uploads.get(id);
    if (!upload) throw new ImportError('id', 'no such upload (uploads expire after an hour): choose the file again', 404);
    return upload;
  }

  private checkMapping(upload: Upload, mapping: Mapping | undefined): Mapping | undefined {
    if (upload.kind === 'vcard') return undefined;
    const checked = guessMapping(upload.headers);
    for (const [header, target] of Object.entries(mapping ?? {})) {
      if (!Object.hasOwn(checked, header)) throw new ImportError(`mapping.${header}`, `the file has no column "${header}"`);
      checked[header] = target;
    }
    return checked;
  }

  private async rows(upload: Upload, mapping: Mapping | undefined): Promise<AsyncIterable<RowResult>> {
    if (upload.kind === 'vcard') return vcardRows(upload.path, this.deps.numbering, { encoding: upload.encoding });
    const file = await openCsv(upload.path, { encoding: upload.encoding, delimiter: upload.delimiter ?? undefined });
    return mappedRows(file, mapping ?? guessMapping(upload.headers), this.deps.numbering);
  }

  private async inspect(dir: string, path: string, fileName: string): Promise<Upload> {
    const id = generateToken();
    const expiry = setTimeout(() => {
      const u = this.uploads.get(id);
      if (u && !u.job) {
        this.uploads.delete(id);
        void rm(dir, { recursive: true, force: true });
      }
    }, UPLOAD_TTL_MS).unref();
    const base = { id, dir, path, fileName, job: null, expiry };
    if (/\.(vcf|vcard)$/i.test(fileName) || (await looksLikeVcard(path))) {
      return { ...base, kind: 'vcard', encoding: await detectEncoding(path), delimiter: null, headers: [] };
    }
    const file = await openCsv(path);
    // Only the header is needed: starting and stopping the record stream closes the file again.
    for await (const _ of file.records()) break;
    return { ...base, kind: 'csv', encoding: file.encoding, delimiter: file.delimiter, headers: file.headers };
  }

  private describe(u: Upload): Omit<ImportInspection, 'preview' | 'bytes'> {
    return {
      id: u.id,
      fileName: u.fileName,
      kind: u.kind,
      encoding: u.encoding,
      delimiter: u.delimiter,
      headers: u.headers,
      mapping: u.kind === 'csv' ? guessMapping(u.headers) : {},
    };
  }
}

async function looksLikeVcard(path: string): Promise<boolean> {
  const fh = await open(path, 'r');
  try {
    const { bytesRead, buffer } = await fh.read(Buffer.alloc(64), 0, 64, 0);
    const head = buffer.subarray(0, bytesRead);
    // Decoded as what it is, so a byte order mark (UTF-8 or UTF-16LE) becomes the U+FEFF skipped here.
    const text = head[0] === 0xff && head[1] === 0xfe ? head.toString('utf16le') : head.toString('utf8');
    return /^\uFEFF?\s*BEGIN:VCARD/i.test(text);
  } finally {
    await fh.close();
  }
}
