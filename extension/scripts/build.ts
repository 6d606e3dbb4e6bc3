/**
 * `npm run build -w extension`: one vite build of the shared source, then per target a folder
 * that loads unpacked (manifest, locales, icons) and a zip for the store. The JavaScript is the
 * same for both browsers; only the manifest differs, so building once keeps this fast.
 */
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type InlineConfig } from 'vite';
import { buildManifest, MANAGED_SCHEMA, type Target } from '../src/manifest.js';
import { ringIcon } from './png.js';
import { zipDirectory } from './zip.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'src');
const dist = join(root, 'dist');
const stage = join(dist, '.stage');
const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
const TARGETS: Target[] = ['chromium', 'firefox'];
const ICON_SIZES = [16, 32, 48, 128];

const shared: InlineConfig = {
  configFile: false,
  root: src,
  base: './',
  logLevel: 'warn',
  build: { target: 'es2022', minify: true, sourcemap: false, reportCompressedSize: false },
};

/** The pages: module scripts from the extension's own origin satisfy the MV3 CSP. */
async function buildPages(): Promise<void> {
  await build({
    ...shared,
    publicDir: join(root, 'public'),
    build: {
      ...shared.build,
      outDir: stage,
      emptyOutDir: true,
      modulePreload: { polyfill: false },
      rolldownOptions: {
        input: { card: join(src, 'card.html'), sidepanel: join(src, 'sidepanel.html'), options: join(src, 'options.html'), dial: join(src, 'dial.html') },
        // Readable, stable names: an unpacked extension needs no cache busting, and reviewers
        // of a store upload can find each page's script.
        output: { entryFileNames: 'js/[name].js', chunkFileNames: 'js/[name].js', assetFileNames: 'css/[name][extname]' },
      },
    },
  });
}

/**
 * The background as one classic script: a Chromium service worker and a Firefox event page
 * both run it without module support questions.
 */
async function buildBackground(): Promise<void> {
  await build({
    ...shared,
    publicDir: false,
    build: {
      ...shared.build,
      outDir: stage,
      emptyOutDir: false,
      lib: { entry: join(src, 'background/index.ts'), formats: ['iife'], name: 'RingsideBackground', fileName: () => 'background.js' },
    },
  });
}

function assemble(target: Target): string {
  const out = join(dist, target);
  rmSync(out, { recursive: true, force: true });
  cpSync(stage, out, { recursive: true });
  writeFileSync(join(out, 'manifest.json'), `${JSON.stringify(buildManifest(target, { version }), null, 2)}\n`);
  // Firefox reads enterprise presets from policies.json instead (see README).
  if (target === 'chromium') writeFileSync(join(out, 'managed_schema.json'), `${JSON.stringify(MANAGED_SCHEMA, null, 2)}\n`);
  mkdirSync(join(out, 'icons'), { recursive: true });
  for (const size of ICON_SIZES) writeFileSync(join(out, 'icons', `icon-${size}.png`), ringIcon(size));
  return out;
}

const started = performance.now();
await buildPages();
await buildBackground();
for (const target of TARGETS) {
  const dir = assemble(target);
  const zip = join(dist, `ringside-${target}-${version}.zip`);
  const bytes = zipDirectory(dir, zip);
  console.log(`${target.padEnd(8)} ${dir}  ${zip} (${Math.round(bytes / 1024)} KiB)`);
}
rmSync(stage, { recursive: true, force: true });
console.log(`built in ${Math.round(performance.now() - started)} ms`);
