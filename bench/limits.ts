import { execFileSync } from 'node:child_process';

/**
 * Each socket is a file descriptor on both ends; the bridge and the client inherit this shell's
 * limit. Fail early with the fix rather than with EMFILE in the middle of a run.
 */
export function checkFdLimit(needed: number): void {
  let limit = Infinity;
  try {
    limit = Number(execFileSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' }).trim());
  } catch {
    return;
  }
  if (Number.isFinite(limit) && limit < needed) {
    throw new Error(`open-file limit is ${limit}, this run needs about ${needed}: run it from a shell after \`ulimit -n 65536\``);
  }
}
