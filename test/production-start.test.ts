import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureAdminBuilt } from './helpers/admin-browser.js';
import { ADMIN_TOKEN, WEBHOOK_TOKEN, freePort } from './helpers/bridge-process.js';
import { postChunked } from './helpers/raw-post.js';
import { waitFor } from './helpers/wait.js';

// The bridge started the way `npm start` starts it: the bridge workspace's start script, which
// bundles the sources (bridge/bin/start.mjs) and runs them in plain node, without tsx. The other
// tests run the sources under tsx; this one checks what bundling could break: the admin
// console's folder and the worker threads' entries are found from the bundle, and the bridge
// stops cleanly. The root `npm start` first rebuilds admin/dist unconditionally; here the
// locked build the browser tests share does that (two vite builds at once would clobber it).

const ROOT = resolve(import.meta.dirname, '..');

let npm: ChildProcess;
let dir: string;
let base: string;
let output = '';

beforeAll(async () => {
  ensureAdminBuilt();
  dir = mkdtempSync(join(tmpdir(), 'ringside-start-'));
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  npm = spawn('npm', ['run', 'start', '-w', 'bridge'], {
    cwd: ROOT,
    env: {
      ...process.env,
      RINGSIDE_HOST: '127.0.0.1',
      RINGSIDE_PORT: String(port),
      RINGSIDE_DB: join(dir, 'ringside.sqlite'),
      RINGSIDE_ADMIN_TOKEN: ADMIN_TOKEN,
      RINGSIDE_WEBHOOK_TOKEN: WEBHOOK_TOKEN,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so afterAll can stop npm, its shell and the bridge together.
    detached: true,
  });
  npm.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  npm.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  await waitFor('the bridge to answer /healthz', async () => {
    if (npm.exitCode !== null) throw new Error(`npm start exited with ${npm.exitCode}:\n${output}`);
    try {
      return (await fetch(`${base}/healthz`)).status === 200;
    } catch {
      return false; // not listening yet
    }
  }, 60_000);
}, 180_000); // a vite build of the console when admin/dist is stale, then the start

afterAll(() => {
  try {
    process.kill(-npm.pid!, 'SIGKILL');
  } catch {
    // stopped by the last test already
  }
  rmSync(dir, { recursive: true, force: true });
});

/** The node process that serves the port: npm's descendant running the launcher. */
function bridgePid(): number {
  const descendants = (pid: number): number[] =>
    readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number).flatMap((c) => [c, ...descendants(c)]);
  // npm runs the script through a shell whose command line names the launcher too: the node process is the deepest.
  const pid = descendants(npm.pid!).filter((p) => cmdline(p).includes('bin/start.mjs')).at(-1);
  if (pid === undefined) throw new Error(`no node process runs bin/start.mjs under npm:\n${output}`);
  return pid;
}
const cmdline = (pid: number) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');

describe('npm start (the production launcher)', () => {
  it('runs the bridge in plain node, without a TypeScript loader', () => {
    const pid = bridgePid();
    expect(readFileSync(`/proc/${pid}/comm`, 'utf8').trim()).toBe('node');
    expect(cmdline(pid)).not.toMatch(/tsx/);
    const nodeOptions = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').find((v) => v.startsWith('NODE_OPTIONS=')) ?? '';
    expect(nodeOptions).not.toMatch(/tsx/);
  });

  it('serves the admin console from admin/dist', async () => {
    const page = await fetch(`${base}/admin/`);
    expect(page.status).toBe(200);
    const html = await page.text();
    const script = /<script[^>]+src="([^"]+)"/.exec(html)?.[1];
    expect(script, html).toBeTruthy();
    const asset = await fetch(new URL(script!, `${base}/admin/`));
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
  });

  it('syncs through the parse worker and the write thread, both bundled from their sources', async () => {
    const customer = (customerNo: string, company: string, number: string) => JSON.stringify({ customer: { customerNo, company, phones: [{ number, main: true }] } });
    // Chunked (no Content-Length): the bridge parses such a stream on its worker thread.
    const lines = [customer('P-1', 'Weiß Haustechnik GmbH', '030 2312574-0'), customer('P-2', 'Bäckerei Groß', '089 1234567')].map((l) => `${l}\n`);
    const res = await postChunked(`${base}/api/sync?source=erp`, { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/x-ndjson' }, lines);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ complete: true, customers: { created: 2, failed: 0 } });
    const lookup = await fetch(`${base}/api/lookup?number=${encodeURIComponent('+493023125740')}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(lookup.status).toBe(200);
    expect(JSON.stringify(await lookup.json())).toContain('Weiß Haustechnik GmbH');
  });

  it('stops cleanly on SIGTERM, and npm reports success', async () => {
    const exited = new Promise<number | null>((r) => npm.once('exit', (code) => r(code)));
    process.kill(bridgePid(), 'SIGTERM');
    expect(await exited).toBe(0);
    expect(output).toContain('"shutting down"');
    expect(output).not.toMatch(/"level":"error"/);
  });
});
