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
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { stop } from 'esbuild';
import { bundle } from '../src/util/bundle.mjs';

const entry = new URL('../src/main.ts', import.meta.url);
const out = new URL('../.build/main.mjs', import.meta.url);

let code;
try {
  code = await bundle(entry, { logLevel: 'error' });
} catch (err) {
  process.stderr.write(`ringside: could not build the bridge from its sources: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}
// Written under a name of its own, then renamed into place (atomic): two bridges starting at
// once (tests, benches) never import a half-written file.
await mkdir(new URL('./', out), { recursive: true });
const partial = new URL(`main.${process.pid}.partial.mjs`, out);
await writeFile(partial, code);
await rename(partial, out);
// The esbuild service process is not needed until a worker thread is bundled (then it starts again).
await stop();

await import(out.href);
