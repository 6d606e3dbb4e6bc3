#!/usr/bin/env node
// The bridge's production start (`npm start`): plain Node, no TypeScript loader in the process.
// tsx compiles every module as it is imported and keeps its loader (a hooks thread and caches)
// for the life of the process; measured, that is 25-80 MB of resident memory a server that must
// sync a million rows within 300 MB cannot spare. So the sources are bundled once, here, with
// esbuild (tsx's own compiler, so the same TypeScript semantics) into one ES module, then run.
//
// Bundled on every start rather than only when a source is newer: it takes well under a second,
// it cannot miss a changed file (bridge, @ringside/shared, a package update), and the bundle
// holds absolute paths of this checkout (the packages, each source's own directory), which a
// kept bundle would get wrong once the checkout moves.
import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { bundle } from '../src/util/bundle.mjs';

const entry = new URL('../src/main.ts', import.meta.url);

let code;
try {
  code = await bundle(entry, { logLevel: 'error' });
} catch (err) {
  process.stderr.write(`ringside: could not build the bridge from its sources: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}
const { file, dispose } = await place(code);
await import(file.href);
await dispose();

/**
 * Writes the bundle to bridge/.build/main.mjs: under a name of its own first, then renamed into
 * place (atomic), so two bridges starting at once (tests, benches) never import a half-written
 * file. Where the checkout is read-only (systemd's ProtectSystem, a container's root-owned
 * files), into a fresh private temp directory instead (mkdtemp, mode 0700: no other user can
 * have put a file there), which is removed again once the bridge has loaded it.
 */
async function place(text) {
  const out = new URL('../.build/main.mjs', import.meta.url);
  try {
    await mkdir(new URL('./', out), { recursive: true });
    const partial = new URL(`main.${process.pid}.partial.mjs`, out);
    await writeFile(partial, text);
    await rename(partial, out);
    return { file: out, dispose: async () => {} };
  } catch (err) {
    if (!['EACCES', 'EPERM', 'EROFS'].includes(err?.code)) throw err;
  }
  const dir = await mkdtemp(join(tmpdir(), 'ringside-bridge-'));
  const file = pathToFileURL(join(dir, 'main.mjs'));
  await writeFile(file, text);
  return { file, dispose: () => rm(dir, { recursive: true, force: true }) };
}
