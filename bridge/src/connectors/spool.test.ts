import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_LINE_BYTES, ndjsonLines } from '../sync/index.js';
import { keepLine } from './connector.js';
import { fetchToSpool } from './fetch-to-spool.js';
import { removeStaleSpools, Spool } from './spool.js';
import type { SyncLine } from './sync-port.js';

const customer = (n: number, notes = ''): SyncLine => ({ customer: { customerNo: `K-${n}`, company: `Müller & Söhne ${n}`, notes } });

async function readBack(spool: Spool): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const line of ndjsonLines(spool.read())) if (typeof line === 'string') out.push(JSON.parse(line));
  return out;
}

describe('connector spool', () => {
  const spools: Spool[] = [];
  afterEach(async () => {
    for (const s of spools.splice(0)) await s.remove();
  });
  const spool = async () => {
    const s = await Spool.create();
    spools.push(s);
    return s;
  };

  it('gives back every line in order, in a private file, and leaves nothing behind', async () => {
    const s = await spool();
    const lines = Array.from({ length: 3000 }, (_, i) => customer(i, 'ä'.repeat(i % 50)));
    const keeps = await fetchToSpool((async function* () { yield* lines; })(), s, new AbortController().signal, () => undefined);
    await s.finish();
    expect(keeps.size).toBe(0);
    expect(s.lines).toBe(3000);
    expect(s.bytes).toBeGreaterThan(128 * 1024);
    expect(await readBack(s)).toEqual(lines);
    expect(statSync(s.dir).mode & 0o777).toBe(0o700);
    expect(statSync(join(s.dir, 'lines.ndjson')).mode & 0o777).toBe(0o600);
    await s.remove();
    expect(existsSync(s.dir)).toBe(false);
  });

  it('numbers keep lines, and keeps (not updates) a customer too large for one sync line', async () => {
    const s = await spool();
    const skipped: string[] = [];
    const huge = customer(2, 'x'.repeat(MAX_LINE_BYTES));
    const source = async function* () {
      yield customer(1);
      yield huge;
      yield keepLine('K-3');
    };
    const keeps = await fetchToSpool(source(), s, new AbortController().signal, (where, field, message) => skipped.push(`${where} ${field}: ${message}`));
    await s.finish();
    expect([...keeps]).toEqual([2, 3]);
    expect(await readBack(s)).toEqual([customer(1), { customer: { customerNo: 'K-2' } }, { customer: { customerNo: 'K-3' } }]);
    expect(skipped).toEqual(['customer K-2 customer: larger than 1 MB as one sync line: kept as stored, not updated']);
  });

  it('passes on what the source threw, and stops between records when aborted', async () => {
    const s = await spool();
    const failing = async function* () {
      yield customer(1);
      throw new Error('the server closed the connection');
    };
    await expect(fetchToSpool(failing(), s, new AbortController().signal, () => undefined)).rejects.toThrow('the server closed the connection');
    const stop = new AbortController();
    const endless = async function* () {
      for (let n = 0; ; n++) {
        if (n === 5) stop.abort(new Error('shutting down'));
        yield customer(n);
      }
    };
    await expect(fetchToSpool(endless(), await spool(), stop.signal, () => undefined)).rejects.toThrow('shutting down');
  });
});

describe('spools left behind', () => {
  let dir: string | undefined;
  afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));

  it('removes the spools of processes that are gone, and only those', async () => {
    dir = mkdtempSync(join(tmpdir(), 'ringside-spools-'));
    // A process that has exited: its spool is an orphan.
    const gone = spawnSync(process.execPath, ['-e', '']).pid!;
    mkdirSync(join(dir, `ringside-spool-${gone}-abc`));
    mkdirSync(join(dir, `ringside-spool-${process.pid}-def`));
    mkdirSync(join(dir, 'ringside-import-xyz'));
    expect(await removeStaleSpools(dir)).toBe(1);
    expect(readdirSync(dir).sort()).toEqual(['ringside-import-xyz', `ringside-spool-${process.pid}-def`]);
  });
});
