import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((newest, name) => Math.max(newest, newestMtime(join(path, name))), 0);
}

/**
 * Run `npm run build -w <workspace>` when `output` is missing or older than any of `inputs`
 * (paths relative to the repository). Two test files may need the same build at once (vitest
 * runs two workers), so the build runs under a directory lock and the check is repeated inside.
 */
export function ensureBuilt(workspace: string, output: string, inputs: readonly string[]): void {
  const out = join(ROOT, output);
  const paths = [...inputs, 'shared/src'].map((p) => join(ROOT, p));
  const stale = () => !existsSync(out) || Math.max(...paths.map(newestMtime)) > statSync(out).mtimeMs;
  if (!stale()) return;
  const lock = join(ROOT, workspace, '.build-lock');
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`${workspace} build lock ${lock} held too long`);
      execFileSync('sleep', ['0.2']);
    }
  }
  try {
    if (stale()) execFileSync('npm', ['run', 'build', '-w', workspace], { cwd: ROOT, stdio: 'pipe' });
  } finally {
    rmdirSync(lock);
  }
}
