import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
    private server: ChildServer,
    /** How to start the server process again after `down()`. */
    private readonly spawnServer: () => ChildServer,
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
    const spawnServer = () => ChildServer.start('postgres', cmd, args);
    const pg = new Postgres(dir, port, spawnServer(), spawnServer);
    await pg.ready();
    return pg;
  }

  /** The port opens before recovery ends ("the database system is starting up"): ask until it answers. */
  private async ready(): Promise<void> {
    await this.server.waitForPort(this.port);
    const deadline = Date.now() + 30_000;
    for (;;) {
      try {
        await this.exec('SELECT 1');
        return;
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

  /** Rows of one query as the superuser in database `db`. */
  async query<R extends pg.QueryResultRow>(sql: string, db = 'postgres'): Promise<R[]> {
    const client = new pg.Client({ connectionString: this.url(Postgres.superuser.user, Postgres.superuser.password, db) });
    await client.connect();
    try {
      return (await client.query<R>(sql)).rows;
    } finally {
      await client.end();
    }
  }

  /** A new, empty database; returns its URL (superuser, password included). */
  async createDatabase(name = `ringside_${process.pid}_${++databases}`): Promise<string> {
    await this.exec(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
    return this.url(Postgres.superuser.user, Postgres.superuser.password, encodeURIComponent(name));
  }

  /** The postmaster's process id (its backends are its children), for CPU accounting. */
  pid(): number {
    return Number(readFileSync(join(this.dir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
  }

  /**
   * Shut the server down, keeping its data: SIGINT to the postmaster itself is "fast shutdown"
   * (open transactions rolled back, clients cut off), as an outage or a failover looks to them.
   */
  async down(): Promise<void> {
    process.kill(this.pid(), 'SIGINT');
    await this.server.stop();
  }

  /** Start it again after `down()`, on the same port and data. */
  async up(): Promise<void> {
    this.server = this.spawnServer();
    await this.ready();
  }

  async stop(): Promise<void> {
    await this.server.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

let databases = 0;

/** The PostgreSQL store's tests' view of a server: the superuser's URL and the server's life cycle. */
export interface PostgresServer {
  /** The `postgres` database as superuser. */
  url: string;
  port: number;
  createDatabase(name?: string): Promise<string>;
  pid(): number;
  down(): Promise<void>;
  up(): Promise<void>;
  /** Shut down and delete the data directory. */
  stop(): Promise<void>;
}

export async function startPostgres(): Promise<PostgresServer> {
  const server = await Postgres.start();
  return {
    url: server.url(Postgres.superuser.user, Postgres.superuser.password),
    port: server.port,
    createDatabase: (name) => server.createDatabase(name),
    pid: () => server.pid(),
    down: () => server.down(),
    up: () => server.up(),
    stop: () => server.stop(),
  };
}
