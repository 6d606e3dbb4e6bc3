import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from './bridge-process.js';
import { ChildServer, requireBinary } from './child-server.js';

/** Debian's postgresql-15 (or whichever version is installed): the newest bin directory. */
function pgBin(name: string): string {
  let versions: string[] = [];
  try {
    versions = readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a));
  } catch {
    // not installed: requireBinary below says so
  }
  return requireBinary(versions[0] ? `/usr/lib/postgresql/${versions[0]}/bin/${name}` : name, 'postgresql');
}

/**
 * A throwaway PostgreSQL cluster on a free port. PostgreSQL refuses to run as root, so as root
 * it runs as the `postgres` user (runuser) in a temp dir that user owns.
 */
export class Postgres {
  static readonly superuser = { user: 'postgres', password: 'pg-super-secret' };

  private constructor(
    private readonly dir: string,
    readonly port: number,
    private readonly server: ChildServer,
  ) {}

  static async start(): Promise<Postgres> {
    const initdb = pgBin('initdb');
    const postgres = pgBin('postgres');
    const dir = mkdtempSync(join(tmpdir(), 'ringside-pg-'));
    const asRoot = process.getuid?.() === 0;
    const owner = asRoot ? spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim() : '';
    if (asRoot && !owner) throw new Error('running as root needs the postgres user (apt-get install postgresql)');
    const run = (cmd: string, args: string[]) => (asRoot ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args]) as [string, string[]];
    writeFileSync(join(dir, 'pw'), Postgres.superuser.password);
    if (asRoot) {
      chownSync(dir, Number(owner), -1);
      chownSync(join(dir, 'pw'), Number(owner), -1);
    }
    chmodSync(dir, 0o700);
    const data = join(dir, 'data');
    const [initCmd, initArgs] = run(initdb, ['-D', data, '-U', 'postgres', '--pwfile', join(dir, 'pw'), '--auth=scram-sha-256', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync']);
    const init = spawnSync(initCmd, initArgs, { encoding: 'utf8' });
    if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr}${init.stdout}`);
    const port = await freePort();
    const [cmd, args] = run(postgres, ['-D', data, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off']);
    const server = ChildServer.start('postgres', cmd, args);
    await server.waitForPort(port);
    const pg = new Postgres(dir, port, server);
    // The port opens before recovery ends ("the database system is starting up"): ask until it answers.
    const deadline = Date.now() + 30_000;
    for (;;) {
      try {
        await pg.exec('SELECT 1');
        return pg;
      } catch (err) {
        if ((err as { code?: string }).code !== '57P03' || Date.now() > deadline) throw err;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  }

  /** Without `password`, the URL carries none (a connector gets it in its own field). */
  url(user: string, password: string | null, db = 'postgres'): string {
    const secret = password === null ? '' : `:${encodeURIComponent(password)}`;
    return `postgres://${encodeURIComponent(user)}${secret}@127.0.0.1:${this.port}/${db}`;
  }

  /** Run statements as the superuser in database `db`. */
  async exec(sql: string, db = 'postgres'): Promise<void> {
    const client = new pg.Client({ connectionString: this.url(Postgres.superuser.user, Postgres.superuser.password, db) });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  }

  async stop(): Promise<void> {
    await this.server.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
