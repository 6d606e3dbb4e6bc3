import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Child } from './processes.js';

/**
 * What every bench script shares around its body: a temp dir, child processes and sockets that
 * are cleaned up on success, failure and Ctrl-C, and on failure the last words of the servers
 * (a crash or a refused request is usually explained there).
 */
export interface BenchContext {
  dir: string;
  children: Child[];
  closers: (() => void)[];
}

export function runBench(run: (ctx: BenchContext) => Promise<void>): void {
  const ctx: BenchContext = { dir: mkdtempSync(join(tmpdir(), 'ringside-bench-')), children: [], closers: [] };
  const cleanup = async () => {
    for (const close of ctx.closers.splice(0)) close();
    await Promise.all(ctx.children.map((c) => c.stop()));
    rmSync(ctx.dir, { recursive: true, force: true });
  };
  const interrupted = async () => {
    process.stderr.write('\nbench: interrupted, cleaning up\n');
    await cleanup();
    process.exit(130);
  };
  process.once('SIGINT', () => void interrupted());
  process.once('SIGTERM', () => void interrupted());
  const main = async (): Promise<number> => {
    try {
      await run(ctx);
      return 0;
    } catch (err) {
      process.stderr.write(`\nbench failed: ${err instanceof Error ? err.message : String(err)}\n`);
      // The frames, for when it is a bug in the bench rather than a server refusing.
      if (err instanceof Error && err.stack) process.stderr.write(`${err.stack.split('\n').slice(1, 6).join('\n')}\n`);
      for (const c of ctx.children) {
        const tail = c.output.trim().split('\n').slice(-15).join('\n');
        if (tail) process.stderr.write(`\n--- last output of ${c.name} (${c.running ? 'running' : c.exitText}) ---\n${tail}\n`);
      }
      return 1;
    } finally {
      await cleanup();
    }
  };
  // exit() rather than waiting for the loop to drain: a stray keep-alive socket must not hang the run.
  void main().then((code) => process.exit(code));
}

export const say = (line: string): void => void process.stdout.write(`${line}\n`);
export const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

/** Whole-number flags like `--seconds 15` or lists like `--rates 10,100,500`. */
export function numberList(flag: string, text: string | undefined): number[] {
  const values = (text ?? '').split(',').map((t) => Number(t.replace(/_/g, '')));
  if (values.length === 0 || values.some((v) => !Number.isFinite(v) || v <= 0)) throw new Error(`${flag} needs positive numbers, got ${String(text)}`);
  return values;
}
