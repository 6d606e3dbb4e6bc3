import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import { freePort } from './bridge-process.js';
import { ChildServer, requireBinary } from './child-server.js';

/** A throwaway MariaDB server on a free port; root is reached over its socket in the temp dir. */
export class MariaDb {
  private constructor(
    private readonly dir: string,
    readonly port: number,
    private readonly server: ChildServer,
  ) {}

  static async start(): Promise<MariaDb> {
    const installDb = requireBinary('mariadb-install-db', 'mariadb-server');
    const mariadbd = requireBinary('/usr/sbin/mariadbd', 'mariadb-server');
    const dir = mkdtempSync(join(tmpdir(), 'ringside-mariadb-'));
    const user = process.getuid?.() === 0 ? ['--user=root'] : [];
    const data = join(dir, 'data');
    const init = spawnSync(installDb, ['--no-defaults', `--datadir=${data}`, '--auth-root-authentication-method=socket', '--skip-test-db', ...user], { encoding: 'utf8' });
    if (init.status !== 0) throw new Error(`mariadb-install-db failed: ${init.stderr}${init.stdout}`);
    const port = await freePort();
    const server = ChildServer.start('mariadbd', mariadbd, [
      '--no-defaults',
      `--datadir=${data}`,
      `--socket=${join(dir, 'mysqld.sock')}`,
      `--pid-file=${join(dir, 'mysqld.pid')}`,
      `--port=${port}`,
      '--bind-address=127.0.0.1',
      '--skip-log-bin',
      '--innodb-flush-log-at-trx-commit=0',
      '--innodb-buffer-pool-size=32M',
      ...user,
    ]);
    await server.waitForPort(port);
    return new MariaDb(dir, port, server);
  }

  /** Without `password`, the URL carries none (a connector gets it in its own field). */
  url(user: string, password: string | null, db: string): string {
    const secret = password === null ? '' : `:${encodeURIComponent(password)}`;
    return `mysql://${encodeURIComponent(user)}${secret}@127.0.0.1:${this.port}/${db}`;
  }

  /** Run statements as root over the socket. */
  async exec(sql: string, db?: string): Promise<void> {
    const conn = await mysql.createConnection({ socketPath: join(this.dir, 'mysqld.sock'), user: 'root', database: db, multipleStatements: true });
    try {
      await conn.query(sql);
    } finally {
      await conn.end();
    }
  }

  /** Rows of one query as root. */
  async query<R>(sql: string, db?: string): Promise<R[]> {
    const conn = await mysql.createConnection({ socketPath: join(this.dir, 'mysqld.sock'), user: 'root', database: db });
    try {
      return (await conn.query(sql))[0] as R[];
    } finally {
      await conn.end();
    }
  }

  async stop(): Promise<void> {
    await this.server.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
