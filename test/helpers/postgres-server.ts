import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from './bridge-process.js';

/**
 * A real PostgreSQL server for one test file: its own data directory in a temp dir, a free
 * port on 127.0.0.1, trust authentication, gone after `stop()`. Debian's `postgresql` package
 * provides the binaries (CI installs it, see .ci/run); without them this throws, so a test
 * that needs PostgreSQL fails loudly instead of skipping.
 */
export interface PostgresServer {
  /** `postgres://postgres@127.0.0.1:<port>/postgres` */
  url: string;
  port: number;
  /** A new, empty database on this server; returns its URL. */
  createDatabase(name?: string): Promise<string>;
  /** The postmaster's process id (its backends are its children), for CPU accounting. */
  pid(): number;
  /** Shut the server down (fast: open connections are cut), keeping its data. */
  down(): Promise<void>;
  /** Start it again after `down()`, on the same port and data. */
  up(): Promise<void>;
  /** Shut down and delete the data directory. */
  stop(): Promise<void>;
}

/** PostgreSQL refuses to run as root: the server then runs as the `postgres` system user. */
const asRoot = userInfo().uid === 0;
const RUN_AS = 'postgres';

export function postgresBinDir(): string {
  const base = '/usr/lib/postgresql';
  const versions = existsSync(base) ? readdirSync(base).filter((v) => existsSync(join(base, v, 'bin', 'postgres'))) : [];
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
  if (!newest) throw new Error(`PostgreSQL server binaries not found under ${base}: apt-get install postgresql postgresql-contrib`);
  return join(base, newest, 'bin');
}

function run(cmd: string, args: string[]): void {
  const [file, argv] = asRoot ? ['runuser', ['-u', RUN_AS, '--', cmd, ...args]] : [cmd, args];
  const r = spawnSync(file, argv, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} failed (${r.status}): ${r.stderr || r.stdout}`);
}

let databases = 0;

export async function startPostgres(): Promise<PostgresServer> {
  const bin = postgresBinDir();
  const dir = mkdtempSync(join(tmpdir(), 'ringside-pg-'));
  const data = join(dir, 'data');
  if (asRoot) {
    const { uid, gid } = userIds(RUN_AS);
    chownSync(dir, uid, gid);
  }
  // UTF-8 with the "C.UTF-8" locale: Debian always has it; the store itself depends on no locale.
  run(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync']);
  const port = await freePort();
  let child: ChildProcess | undefined;
  let log = '';

  async function up(): Promise<void> {
    const args = ['-D', data, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1',
      // A throwaway server: durability against power loss is not under test, speed is welcome.
      '-c', 'fsync=off', '-c', 'full_page_writes=off', '-c', 'max_connections=200'];
    const [file, argv] = asRoot ? ['runuser', ['-u', RUN_AS, '--', join(bin, 'postgres'), ...args]] : [join(bin, 'postgres'), args];
    const proc = spawn(file, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
    child = proc;
    proc.stdout.on('data', (d: Buffer) => (log += d.toString()));
    proc.stderr.on('data', (d: Buffer) => (log += d.toString()));
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (proc.exitCode !== null) throw new Error(`postgres exited (${proc.exitCode}):\n${log}`);
      const client = new pg.Client({ connectionString: url });
      const ok = await client.connect().then(
        () => true,
        () => false,
      );
      await client.end().catch(() => undefined);
      if (ok) return;
      if (Date.now() > deadline) throw new Error(`postgres did not accept connections within 60 s:\n${log}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  const postmasterPid = () => Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);

  async function down(): Promise<void> {
    const proc = child;
    child = undefined;
    if (!proc || proc.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    // SIGINT to the postmaster itself (runuser does not pass it on): "fast shutdown", open
    // transactions are rolled back and clients disconnected.
    process.kill(postmasterPid(), 'SIGINT');
    await exited;
  }

  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  // A test process that dies without stop() must not leave a server behind: immediate shutdown.
  const orphanGuard = () => {
    if (child?.exitCode === null) {
      try {
        process.kill(postmasterPid(), 'SIGQUIT');
      } catch {
        // already gone
      }
    }
  };
  process.once('exit', orphanGuard);
  await up();
  return {
    url,
    port,
    async createDatabase(name = `ringside_${process.pid}_${++databases}`) {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
      } finally {
        await client.end();
      }
      return `postgres://postgres@127.0.0.1:${port}/${encodeURIComponent(name)}`;
    },
    pid: postmasterPid,
    down,
    up,
    async stop() {
      process.off('exit', orphanGuard);
      await down();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function userIds(name: string): { uid: number; gid: number } {
  const r = spawnSync('id', ['-u', name], { encoding: 'utf8' });
  const g = spawnSync('id', ['-g', name], { encoding: 'utf8' });
  if (r.status !== 0 || g.status !== 0) throw new Error(`system user ${name} not found: install Debian's postgresql package`);
  return { uid: Number(r.stdout.trim()), gid: Number(g.stdout.trim()) };
}
