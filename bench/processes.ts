import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');

// Same free-port helper as the integration tests: the bridge wants RINGSIDE_PORT up front.
export { freePort } from '../test/helpers/bridge-process.js';

const TICK_MS = 10; // Linux USER_HZ is 100 on every architecture Debian ships

/**
 * CPU ms of a process and its children (PostgreSQL backends are the postmaster's): its own
 * time, the time of children it has reaped (cutime, cstime: backends that ended) and of the
 * live ones, so a backend ending between two readings does not take its CPU with it.
 */
export function treeCpuMs(rootPid: number): number {
  const fields = (pid: number): number[] | null => {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      return stat.slice(stat.lastIndexOf(')') + 2).split(' ').map(Number);
    } catch {
      return null; // exited meanwhile
    }
  };
  const root = fields(rootPid);
  let ticks = root ? root[11]! + root[12]! + root[13]! + root[14]! : 0;
  for (const pid of children(rootPid)) {
    const f = fields(pid);
    if (f) ticks += f[11]! + f[12]!;
  }
  return ticks * TICK_MS;
}

function children(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A script in its own process group: a TypeScript entry run by tsx, or a plain JavaScript one
 * (`.mjs`, such as the bridge's production launcher bridge/bin/start.mjs) run by node itself.
 * Stopping the group also stops the esbuild service and, under tsx, the node process tsx starts
 * underneath (tsx is a wrapper, not the server).
 */
export class Child {
  output = '';
  private readonly proc: ChildProcess;
  private readonly exited: Promise<void>;

  constructor(
    readonly name: string,
    script: string,
    opts: { env?: Record<string, string>; cwd?: string; nodeArgs?: string[] } = {},
  ) {
    // Node flags (--cpu-prof, ...) go before the script: node takes them itself, tsx hands them on
    // to the node process that runs the script.
    const runner = script.endsWith('.mjs') ? process.execPath : TSX;
    this.proc = spawn(runner, [...(opts.nodeArgs ?? []), join(ROOT, script)], {
      cwd: opts.cwd ?? ROOT,
      env: { ...process.env, ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const keep = (d: Buffer) => {
      // Only the tail matters for an error report; a chatty child must not grow our memory.
      this.output = (this.output + d.toString()).slice(-20_000);
    };
    this.proc.stdout!.on('data', keep);
    this.proc.stderr!.on('data', keep);
    this.exited = new Promise((r) => this.proc.once('exit', () => r()));
  }

  get running(): boolean {
    return this.proc.exitCode === null && this.proc.signalCode === null;
  }

  /** The text of the exit, for error messages. */
  get exitText(): string {
    return this.proc.signalCode ? `signal ${this.proc.signalCode}` : `code ${this.proc.exitCode}`;
  }

  /** Resolves with the first match of `pattern` in the child's output. */
  async waitForOutput(pattern: RegExp, timeoutMs = 30_000): Promise<RegExpExecArray> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const m = pattern.exec(this.output);
      if (m) return m;
      if (!this.running) throw new Error(`${this.name} exited (${this.exitText}):\n${this.output}`);
      await sleep(50);
    }
    throw new Error(`${this.name} printed nothing matching ${pattern} within ${timeoutMs} ms:\n${this.output}`);
  }

  /** Polls `url` every `pollMs` until it answers 2xx. */
  async waitHealthy(url: string, timeoutMs = 60_000, pollMs = 100): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (!this.running) throw new Error(`${this.name} exited (${this.exitText}):\n${this.output}`);
      try {
        const res = await fetch(url);
        if (res.ok) return;
      } catch {
        // not listening yet
      }
      await sleep(pollMs);
    }
    throw new Error(`${this.name} did not become healthy at ${url} within ${timeoutMs} ms:\n${this.output}`);
  }

  /**
   * Resident memory of the process that runs the script (node itself, or tsx's node child), not
   * of the tsx wrapper or the esbuild service. null where /proc is absent.
   */
  serverRssKb(): number | null {
    return this.serverMemKb('VmRSS');
  }

  /** A memory field of /proc/<pid>/status of that process: VmRSS now, VmHWM its peak. */
  serverMemKb(field: 'VmRSS' | 'VmHWM'): number | null {
    const pid = this.serverPid();
    const status = pid === null ? null : read(`/proc/${pid}/status`);
    const m = status && new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
    return m ? Number(m[1]) : null;
  }

  /**
   * The pid of the node process that runs the script: under the tsx wrapper, its child that
   * loads tsx's loader.mjs; run by node directly, the spawned process itself (its only child is
   * the esbuild service, a Go binary).
   */
  serverPid(): number | null {
    const pid = this.proc.pid;
    if (pid === undefined) return null;
    return descendants(pid).filter((p) => cmdline(p).includes('loader.mjs')).at(-1) ?? pid;
  }

  /** SIGTERM to the whole group (graceful close), SIGKILL if it lingers. */
  async stop(graceMs = 5_000): Promise<void> {
    const pid = this.proc.pid;
    if (pid === undefined) return;
    if (!this.running) {
      killGroup(pid, 'SIGKILL');
      return;
    }
    killGroup(pid, 'SIGTERM');
    const timer = sleep(graceMs).then(() => 'timeout' as const);
    if ((await Promise.race([this.exited.then(() => 'exited' as const), timer])) === 'timeout') killGroup(pid, 'SIGKILL');
    // The wrapper can exit before its child; make sure nothing of the group is left behind.
    await sleep(100);
    killGroup(pid, 'SIGKILL');
  }
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

function read(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

function cmdline(pid: number): string {
  return (read(`/proc/${pid}/cmdline`) ?? '').replace(/\0/g, ' ');
}

/** Depth-first, parents before children. */
function descendants(pid: number): number[] {
  const children = (read(`/proc/${pid}/task/${pid}/children`) ?? '').trim().split(/\s+/).filter(Boolean).map(Number);
  return children.flatMap((c) => [c, ...descendants(c)]);
}
