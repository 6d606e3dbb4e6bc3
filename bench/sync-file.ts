import type { SyncReport } from '@ringside/shared';
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { request } from 'node:http';
import { ADMIN_TOKEN } from './servers.js';

/** Writes `rows` NDJSON lines (`line(1)` … `line(rows)`) to `path`, 1,000 lines per write, minding back-pressure. */
export async function writeNdjson(path: string, rows: number, line: (i: number) => string): Promise<void> {
  const out = createWriteStream(path);
  let chunk = '';
  for (let i = 1; i <= rows; i++) {
    chunk += `${line(i)}\n`;
    if (i % 1000 === 0 || i === rows) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end();
  await once(out, 'finish');
}

/** Streams the file as the chunked body of POST /api/sync?{query}, as an ERP script would, and returns the report. */
export function postSync(base: string, query: string, file: string): Promise<SyncReport> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}/api/sync?${query}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/x-ndjson', 'transfer-encoding': 'chunked' },
    });
    req.on('response', (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => (res.statusCode === 200 ? resolve(JSON.parse(text) as SyncReport) : reject(new Error(`sync answered ${res.statusCode}: ${text.slice(0, 500)}`))));
    });
    req.on('error', reject);
    createReadStream(file).pipe(req);
  });
}
