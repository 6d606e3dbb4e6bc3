import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');

export const ADMIN_TOKEN = 'test-admin-token-0123456789';
export const WEBHOOK_TOKEN = 'test-webhook-token-0123456789';

/** A port the OS just handed out; the bridge must keep it across restarts. */
export async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.once('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => res(port));
    });
  });
}

export interface BridgeOptions {
  env?: Record<string, string>;
  /** Reuse a database directory (for restart tests). */
  dir?: string;
  port?: number;
  /**
   * The bridge serves HTTPS (set RINGSIDE_TLS_CERT/KEY in env): `base` becomes https://, and the
   * health check and api() trust this CA. Other helpers that use fetch() stay plain-HTTP only.
   */
  tls?: { ca: string | Buffer };
}

/**
 * The real bridge as a child process, on a free port with its own SQLite file. tsx runs as a
 * loader inside the one node process (`node --import tsx`), not through the tsx CLI, whose
 * wrapper would survive a SIGKILL of its child: a kill here is a real crash of the process
 * that serves the port, and a restart cannot be answered by a leftover.
 */
export class BridgeProcess {
  readonly dir: string;
  readonly port: number;
  readonly base: string;
  private child: ChildProcess | undefined;
  output = '';

  private constructor(
    dir: string,
    port: number,
    private readonly env: Record<string, string>,
    private readonly tls?: { ca: string | Buffer },
  ) {
    this.dir = dir;
    this.port = port;
    this.base = `${tls ? 'https' : 'http'}://127.0.0.1:${port}`;
  }

  static async start(opts: BridgeOptions = {}): Promise<BridgeProcess> {
    const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'ringside-test-'));
    const bridge = new BridgeProcess(dir, opts.port ?? (await freePort()), opts.env ?? {}, opts.tls);
    await bridge.spawn();
    return bridge;
  }

  get dbFile(): string {
    return join(this.dir, 'ringside.sqlite');
  }

  async spawn(): Promise<void> {
    this.output = '';
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'bridge/src/main.ts')], {
      cwd: ROOT,
      env: {
        ...process.env,
        RINGSIDE_HOST: '127.0.0.1',
        RINGSIDE_PORT: String(this.port),
        RINGSIDE_DB: this.dbFile,
        RINGSIDE_ADMIN_TOKEN: ADMIN_TOKEN,
        RINGSIDE_WEBHOOK_TOKEN: WEBHOOK_TOKEN,
        ...this.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    child.stdout!.on('data', (d: Buffer) => (this.output += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (this.output += d.toString()));
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`bridge exited with ${child.exitCode}:\n${this.output}`);
      try {
        const res = await this.request('GET', '/healthz', {});
        if (res.status === 200) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`bridge did not become healthy:\n${this.output}`);
  }

  /** Stop it: SIGTERM for a graceful stop, SIGKILL to simulate a crash. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return child?.exitCode ?? null;
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    child.kill(signal);
    return exited;
  }

  async restart(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    await this.stop(signal);
    await this.spawn();
  }

  async dispose(): Promise<void> {
    await this.stop('SIGKILL');
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** JSON request with the admin token unless another is given. */
  async api(method: string, path: string, body?: unknown, token: string | null = ADMIN_TOKEN): Promise<{ status: number; body: any }> {
    const res = await this.request(
      method,
      path,
      {
        ...(token && { authorization: `Bearer ${token}` }),
        ...(body !== undefined && { 'content-type': 'application/json' }),
      },
      body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    );
    const text = res.text;
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, body: parsed };
  }

  /** One request to the bridge: fetch() over HTTP, node:https with the test CA over HTTPS. */
  async request(method: string, path: string, headers: Record<string, string>, body?: string): Promise<{ status: number; text: string }> {
    if (!this.tls) {
      const res = await fetch(`${this.base}${path}`, { method, headers, body });
      return { status: res.status, text: await res.text() };
    }
    const ca = this.tls.ca;
    return new Promise((resolve, reject) => {
      const req = httpsRequest(`${this.base}${path}`, { method, headers, ca, servername: 'localhost' }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(body);
    });
  }

  webhook(body: unknown, token: string | null = WEBHOOK_TOKEN) {
    return this.api('POST', '/pbx/generic', body, token);
  }

  /** Like api(), but a non-2xx answer throws with the body: for set-up steps that must work. */
  async expectOk(method: string, path: string, body?: unknown, token: string | null = ADMIN_TOKEN): Promise<any> {
    const res = await this.api(method, path, body, token);
    if (res.status < 200 || res.status >= 300) throw new Error(`${method} ${path} -> ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  createAgent(name: string, extensions: string[]): Promise<{ id: string; token: string }> {
    return this.expectOk('POST', '/api/agents', { name, extensions });
  }

  /** A generic phone-system webhook that must be accepted (202), as a PBX would post it. */
  async call(body: Record<string, unknown>): Promise<void> {
    const res = await this.webhook(body);
    if (res.status !== 202) throw new Error(`webhook ${JSON.stringify(body)} -> ${res.status} ${JSON.stringify(res.body)}`);
  }
}
