// Plain JavaScript on purpose: bin/start.mjs imports this before any TypeScript can run, and
// util/worker-bundle.ts imports it at run time. One place decides how our TypeScript becomes one
// ES module, for the bridge itself and for its worker threads.
import { build, stop } from 'esbuild';
import { readFile } from 'node:fs/promises';
import { dirname, extname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * Bare imports of packages become absolute file URLs, resolved by Node from here (bridge/src,
 * as the bridge resolves them when it runs from its sources), so a bundle can live anywhere,
 * even in a `data:` URL. Our workspace packages (@ringside/*, TypeScript sources) are bundled.
 * Our hand-written .mjs modules (this one) stay files of their own: they are already
 * JavaScript, and in place their own `import.meta` stays true.
 */
const packagesInPlace = {
  name: 'packages-in-place',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('@ringside/')) return undefined;
      return { path: import.meta.resolve(args.path), external: true };
    });
    b.onResolve({ filter: /^\.\.?\/.*\.mjs$/ }, (args) => {
      if (args.kind === 'entry-point') return undefined;
      return { path: pathToFileURL(resolve(args.resolveDir, args.path)).href, external: true };
    });
  },
};

/** What each source file's `import.meta.<key>` becomes: a constant of that file (see sourceMeta). */
const META = {
  url: '__ringsideImportMetaUrl',
  dirname: '__ringsideImportMetaDirname',
  filename: '__ringsideImportMetaFilename',
};

/**
 * In one bundle every module's `import.meta` would be the bundle's, and paths relative to a
 * source file (the admin console's dist folder, a worker's entry) would point next to the bundle.
 * So each source file that mentions `import.meta` gets constants with its own URL, directory and
 * path, and `define` (which works on the syntax tree, not on text) makes `import.meta.url` etc.
 * read them; esbuild renames each file's constants apart when it joins the modules.
 */
const sourceMeta = {
  name: 'source-meta',
  setup(b) {
    b.onLoad({ filter: /\.[cm]?[jt]s$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      if (!text.includes('import.meta')) return { contents: text, loader: loaderOf(args.path) };
      const values = { url: pathToFileURL(args.path).href, dirname: dirname(args.path), filename: args.path };
      // One line, so the file's own line numbers stay as they are.
      const head = `const ${Object.entries(META).map(([key, name]) => `${name} = ${JSON.stringify(values[key])}`).join(', ')};`;
      return { contents: head + text, loader: loaderOf(args.path) };
    });
  },
};

const LOADERS = { '.ts': 'ts', '.mts': 'ts', '.cts': 'ts', '.js': 'js', '.mjs': 'js', '.cjs': 'js' };
const loaderOf = (path) => LOADERS[extname(path)];

/** Builds running now: esbuild's service is stopped when the last one ends (see bundle()). */
let building = 0;

/**
 * `entry` (a path or file URL of a TypeScript module) and what it imports of ours as the text of
 * one ES module for Node. Throws esbuild's errors, and when a source uses an `import.meta`
 * property the bundle cannot keep true (`import.meta.resolve`: move such code into a .mjs module).
 */
export async function bundle(entry, { logLevel = 'silent' } = {}) {
  building++;
  try {
    const out = await build({
      entryPoints: [entry instanceof URL ? fileURLToPath(entry) : String(entry)],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      write: false,
      logLevel,
      define: Object.fromEntries(Object.entries(META).map(([key, name]) => [`import.meta.${key}`, name])),
      plugins: [packagesInPlace, sourceMeta],
    });
    const code = out.outputFiles[0].text;
    const left = /\bimport\.meta\b[.\w]*/.exec(code);
    if (left) throw new Error(`${entry}: the bundle would change what \`${left[0]}\` means; use it in a .mjs module instead`);
    return code;
  } finally {
    // esbuild's service is a process of its own (about 19 MB resident, measured) that would stay
    // for the life of the bridge, idle: the bridge bundles at start and each worker entry once.
    // Stopped when no build is running; the next build starts it again.
    if (--building === 0) await stop();
  }
}
