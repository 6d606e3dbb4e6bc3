import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './bridge-process.js';
import { requireBinary } from './child-server.js';

/**
 * A real Redis server for one test file: a free port on 127.0.0.1, its own directory, no
 * persistence (a restart starts empty, as a Redis without AOF would), gone after `stop()`.
 * Debian's `redis-server` package provides the binary (CI installs it, see .ci/run); without
 * it this throws, so a test that needs Redis fails loudly instead of skipping.
 */
export interface RedisServer {
  /** `redis://127.0.0.1:<port>` */
  url: string;
  port: number;
  pid(): number;
  /** Stop the server (its clients see the connection drop). */
  down(): Promise<void>;
  /** Start it again on the same port. */
  up(): Promise<void>;
  stop(): Promise<void>;
}

const BINARY = 'redis-server';

export async function startRedis(): Promise<RedisServer> {
  requireBinary(BINARY, 'redis-server');
  const dir = mkdtempSync(join(tmpdir(), 'ringside-redis-'));
  const port = await freePort();
  let child: ChildProcess | undefined;

  async function up(): Promise<void> {
    const proc = spawn(BINARY, ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = proc;
    let out = '';
    await new Promise<void>((resolve, reject) => {
      const onData = (d: Buffer) => {
        out += d.toString();
        if (out.includes('Ready to accept connections')) resolve();
      };
      proc.stdout!.on('data', onData);
      proc.stderr!.on('data', onData);
      proc.once('exit', (code) => reject(new Error(`redis-server exited (${code}): ${out.slice(-2000)}`)));
    });
  }

  async function down(): Promise<void> {
    const proc = child;
    child = undefined;
    if (!proc || proc.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    proc.kill('SIGKILL');
    await exited;
  }

  await up();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    pid: () => child?.pid ?? -1,
    down,
    up,
    stop: async () => {
      await down();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
