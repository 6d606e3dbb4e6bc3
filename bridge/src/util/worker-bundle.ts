import { build, type Plugin } from 'esbuild';

/**
 * A worker thread's TypeScript entry as one ES module, for `new Worker(url)`. A worker does not
 * inherit the tsx loader the bridge runs under; registering it in the worker starts another
 * loader thread and costs about 37 MB of memory per worker (measured), which a million-row sync
 * with two workers cannot afford within its 300 MB. So the entry and our own sources (bridge,
 * @ringside/shared) are bundled with esbuild (tsx's own compiler) into a `data:` URL once per
 * process; packages stay where they are, imported by absolute file URL, so the bundle needs no
 * file of its own. Falls back to `fallback` (the tsx-registering entry) if bundling fails.
 */
export function workerModule(entry: URL, fallback: URL): Promise<URL> {
  let built = bundles.get(entry.href);
  if (!built) {
    built = bundle(entry).catch(() => fallback);
    bundles.set(entry.href, built);
  }
  return built;
}

const bundles = new Map<string, Promise<URL>>();

/** Bare imports of packages become absolute URLs, resolved as the bridge itself resolves them. */
const packagesInPlace: Plugin = {
  name: 'packages-in-place',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('@ringside/')) return undefined;
      return { path: import.meta.resolve(args.path), external: true };
    });
  },
};

async function bundle(entry: URL): Promise<URL> {
  const out = await build({
    entryPoints: [new URL(entry).pathname],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    write: false,
    logLevel: 'silent',
    plugins: [packagesInPlace],
  });
  const code = out.outputFiles[0]!.text;
  return new URL(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`);
}
