import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BridgeProcess, freePort } from './helpers/bridge-process.js';
import { requireBinary } from './helpers/child-server.js';
import { startPostgres, type PostgresServer } from './helpers/postgres.js';
import { startRedis, type RedisServer } from './helpers/redis-server.js';
import { AgentClient } from './helpers/ws-client.js';

// deploy/haproxy/haproxy.cfg as shipped, checked by HAProxy itself and then run for real in
// front of two bridges (only the bind address and the servers' addresses are replaced).
// Debian's `haproxy` package provides the binary (.ci/run installs it).

const CONFIG = resolve(import.meta.dirname, '../deploy/haproxy/haproxy.cfg');

/** Debian installs haproxy in /usr/sbin, which is not on every user's PATH. */
function haproxyBinary(): string {
  return requireBinary('/usr/sbin/haproxy', 'haproxy');
}

describe('deploy/haproxy/haproxy.cfg', () => {
  it('is a valid HAProxy configuration', () => {
    const r = spawnSync(haproxyBinary(), ['-c', '-f', CONFIG], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
  });

  describe('in front of two bridges on one PostgreSQL and Redis', () => {
    let pg: PostgresServer;
    let redis: RedisServer;
    let bridges: BridgeProcess[] = [];
    let proxy: ChildProcess;
    let dir: string;
    let base: string;
    let proxyLog = '';

    beforeAll(async () => {
      [pg, redis] = await Promise.all([startPostgres(), startRedis()]);
      const env = { RINGSIDE_DATABASE_URL: await pg.createDatabase(), RINGSIDE_REDIS_URL: redis.url, RINGSIDE_TRUST_PROXY: '1' };
      bridges = [await BridgeProcess.start({ env }), await BridgeProcess.start({ env })];
      const port = await freePort();
      base = `http://127.0.0.1:${port}`;
      dir = mkdtempSync(join(tmpdir(), 'ringside-haproxy-'));
      const cfg = readFileSync(CONFIG, 'utf8')
        .replace('bind :8080', `bind 127.0.0.1:${port}`)
        .replace('bridge1:8080', `127.0.0.1:${bridges[0]!.port}`)
        .replace('bridge2:8080', `127.0.0.1:${bridges[1]!.port}`);
      writeFileSync(join(dir, 'haproxy.cfg'), cfg);
      proxy = spawn(haproxyBinary(), ['-db', '-f', join(dir, 'haproxy.cfg')], { stdio: ['ignore', 'pipe', 'pipe'] });
      proxy.stdout!.on('data', (d: Buffer) => (proxyLog += d.toString()));
      proxy.stderr!.on('data', (d: Buffer) => (proxyLog += d.toString()));
      await until(async () => {
        if (proxy.exitCode !== null) throw new Error(`haproxy exited: ${proxyLog}`);
        return (await fetch(`${base}/readyz`).catch(() => null))?.status === 200;
      }, 'the proxy to answer /readyz', () => proxyLog);
    }, 90_000);

    afterAll(async () => {
      if (process.env.SHOW_BRIDGE_LOG) console.log(proxyLog);
      proxy?.kill('SIGKILL');
      await Promise.all(bridges.map((b) => b.dispose()));
      await Promise.all([pg?.stop(), redis?.stop()]);
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it('carries the agent socket and webhooks, and keeps taking calls when one bridge dies', async () => {
      const ben = await bridges[0]!.createAgent('Ben', ['21']);
      let socket = await AgentClient.connect(base, { token: ben.token, lastEventId: 0 });
      const post = (callId: string) =>
        fetch(`${base}/pbx/generic`, {
          method: 'POST',
          headers: { authorization: `Bearer ${'test-webhook-token-0123456789'}`, 'content-type': 'application/json' },
          body: JSON.stringify({ event: 'ringing', callId, from: '030 2312574', agents: ['21'] }),
        });
      // Several webhooks: least-connection balancing spreads them over both bridges.
      for (let i = 0; i < 6; i++) expect((await post(`lb-${i}`)).status).toBe(202);
      for (let i = 0; i < 6; i++) await socket.waitFor((m) => m.type === 'call' && m.call.callId === `lb-${i}`);

      await bridges[0]!.stop('SIGKILL');
      // HAProxy retries a refused connection on the other bridge: the phone system sees 202.
      const statuses: number[] = [];
      for (let i = 0; i < 10; i++) statuses.push((await post(`after-${i}`)).status);
      expect(statuses).toEqual(Array(10).fill(202));
      // The agent's socket may have been on the dead bridge: it comes back through the proxy.
      const last = Math.max(0, ...socket.calls().map((m) => m.eventId));
      if (socket.closeCode !== undefined || !(await reachable(socket))) {
        socket = await AgentClient.connect(base, { token: ben.token, lastEventId: last });
      }
      for (let i = 0; i < 10; i++) await socket.waitFor((m) => m.type === 'call' && m.call.callId === `after-${i}`);
      socket.close();
    });
  });
});

/** Whether a socket still answers a ping (it may sit half-open on a killed bridge). */
async function reachable(socket: AgentClient): Promise<boolean> {
  const requestId = `probe-${Date.now()}`;
  socket.send({ type: 'ping', requestId });
  try {
    await socket.waitFor((m) => m.type === 'pong' && m.requestId === requestId, 5000);
    return true;
  } catch {
    return false;
  }
}

async function until(probe: () => Promise<boolean>, what: string, log: () => string = () => ''): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${log()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
