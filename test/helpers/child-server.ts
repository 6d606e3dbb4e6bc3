import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';

/**
 * A database or directory server the tests start themselves, on a free port in a temp dir.
 * A missing binary fails the test loudly: CI installs the Debian packages (see .ci/run).
 */
export function requireBinary(path: string, debianPackage: string): string {
  const found = spawnSync('sh', ['-c', `command -v "${path}"`], { encoding: 'utf8' }).stdout.trim();
  if (!found) throw new Error(`${path} is not installed: apt-get install ${debianPackage} (CI does, see .ci/run)`);
  return found;
}

export class ChildServer {
  output = '';
  private exited: Promise<number | null>;

  constructor(
    readonly name: string,
    private readonly child: ChildProcess,
  ) {
    child.stdout?.on('data', (d: Buffer) => (this.output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (this.output += d.toString()));
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  static start(name: string, cmd: string, args: string[], options: { env?: Record<string, string>; cwd?: string } = {}): ChildServer {
    const child = spawn(cmd, args, { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    return new ChildServer(name, child);
  }

  /** Wait until the port accepts connections, or fail with the server's own output. */
  async waitForPort(port: number, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let exitCode: number | null | undefined;
    void this.exited.then((c) => (exitCode = c));
    while (Date.now() < deadline) {
      if (exitCode !== undefined) throw new Error(`${this.name} exited with ${exitCode}:\n${this.output}`);
      if (await canConnect(port)) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`${this.name} did not listen on ${port} within ${timeoutMs} ms:\n${this.output}`);
  }

  /** Freeze the server (SIGSTOP): it still accepts connections (the kernel's backlog) but answers nothing. */
  pause(): void {
    this.child.kill('SIGSTOP');
  }

  resume(): void {
    this.child.kill('SIGCONT');
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    // A frozen server would not see the SIGTERM until it goes on.
    this.child.kill('SIGCONT');
    this.child.kill('SIGTERM');
    const killer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await this.exited;
    clearTimeout(killer);
  }
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}
