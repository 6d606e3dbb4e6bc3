import type { ServerMessage } from '@ringside/shared';
import { Poster, Socket } from './client.js';
import { Child, freePort } from './processes.js';

/**
 * The servers under test, started as processes, and the ways the benches reach them: as the
 * phone system (webhook POSTs), as the admin (creating agents) and as agents (sockets that say
 * hello). The floor server gets the same treatment, so both sides pay the same costs.
 */
export const ADMIN_TOKEN = 'bench-admin-token-0123456789';
export const WEBHOOK_TOKEN = 'bench-webhook-token-0123456789';

export interface Bridge {
  child: Child;
  base: string;
  /** Spawn until `/readyz` answered 200 (or /healthz, if asked for). */
  startMs: number;
}

export interface BridgeOptions {
  dbFile: string;
  /** Working directory (the bridge writes nothing else there, but keep it out of the repo). */
  cwd: string;
  env?: Record<string, string>;
  nodeArgs?: string[];
  /** Poll interval of the readiness probe; small when the start-up time itself is measured. */
  pollMs?: number;
}

export async function startBridge(children: Child[], opts: BridgeOptions): Promise<Bridge> {
  const port = await freePort();
  const started = performance.now();
  // As `npm start` runs it (the production launcher, no TypeScript loader), so the memory and
  // start-up figures the benches print are the production ones.
  const child = new Child('bridge', 'bridge/bin/start.mjs', {
    cwd: opts.cwd,
    nodeArgs: opts.nodeArgs ?? [],
    env: {
      RINGSIDE_HOST: '127.0.0.1',
      RINGSIDE_PORT: String(port),
      RINGSIDE_DB: opts.dbFile,
      RINGSIDE_ADMIN_TOKEN: ADMIN_TOKEN,
      RINGSIDE_WEBHOOK_TOKEN: WEBHOOK_TOKEN,
      RINGSIDE_LOG_LEVEL: 'warn',
      ...opts.env,
    },
  });
  children.push(child);
  const base = `http://127.0.0.1:${port}`;
  await child.waitHealthy(`${base}/readyz`, 120_000, opts.pollMs ?? 100);
  return { child, base, startMs: performance.now() - started };
}

export async function startFloor(children: Child[]): Promise<{ child: Child; base: string }> {
  const child = new Child('floor', 'bench/floor-server.ts');
  children.push(child);
  const m = await child.waitForOutput(/floor listening on (\d+)/);
  return { child, base: `http://127.0.0.1:${m[1]!}` };
}

/** The phone system's side: the generic webhook with its bearer token. */
export function webhookPoster(bridgeBase: string, maxSockets = 1): Poster {
  return new Poster(new URL(`${bridgeBase}/pbx/generic`), { authorization: `Bearer ${WEBHOOK_TOKEN}` }, maxSockets);
}

export function floorPoster(floorBase: string, maxSockets = 1): Poster {
  return new Poster(new URL(`${floorBase}/`), {}, maxSockets);
}

/** `POST /api/agents`, as the admin console does; the token comes back once. */
export async function createAgent(bridgeBase: string, name: string, extensions: string[]): Promise<{ id: string; token: string }> {
  const res = await fetch(`${bridgeBase}/api/agents`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name, extensions }),
  });
  if (res.status !== 201) throw new Error(`POST /api/agents answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as { id: string; token: string };
}

/** Agents with one extension each, `first`, `first + 1`, ...; created `parallel` at a time. */
export async function createAgents(bridgeBase: string, count: number, first = 1000, parallel = 8): Promise<{ extension: string; token: string }[]> {
  const out: { extension: string; token: string }[] = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(parallel, count) }, async () => {
      while (next < count) {
        const i = next++;
        const extension = String(first + i);
        out[i] = { extension, token: (await createAgent(bridgeBase, `Bench Agent ${i}`, [extension])).token };
      }
    }),
  );
  return out;
}

/** What a bench waits for on an agent socket: a call by its callId, a pong by its requestId. */
export function agentKey(m: ServerMessage): string | null {
  if (m.type === 'call') return `${m.call.callId}:${m.event}`;
  if (m.type === 'pong') return `pong:${m.requestId ?? ''}`;
  return m.type;
}

/** An agent socket after the hello handshake, as the extension opens it. */
export async function connectAgent(bridgeBase: string, token: string): Promise<Socket<ServerMessage>> {
  const socket = await Socket.open<ServerMessage>(`${bridgeBase.replace(/^http/, 'ws')}/ws`, agentKey);
  const welcome = socket.next('welcome');
  socket.send({ type: 'hello', token, client: 'ringside-bench' });
  await welcome;
  return socket;
}

/** A floor socket answering for `extensions`; its messages are keyed like agentKey's ringing. */
export async function connectFloor(floorBase: string, extensions: string[]): Promise<Socket<{ callId: string }>> {
  const url = `${floorBase.replace(/^http/, 'ws')}/ws?ext=${encodeURIComponent(extensions.join(','))}`;
  return Socket.open<{ callId: string }>(url, (m) => `${m.callId}:ringing`);
}

/** Opens `count` sockets with `open`, `parallel` at a time, in order. */
export async function openMany<S>(count: number, open: (i: number) => Promise<S>, parallel = 50): Promise<S[]> {
  const out: S[] = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(parallel, count) }, async () => {
      while (next < count) {
        const i = next++;
        out[i] = await open(i);
      }
    }),
  );
  return out;
}
