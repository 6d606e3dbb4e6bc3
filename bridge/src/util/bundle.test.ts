import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { bundle } from './bundle.mjs';

// Sources written to a temp directory, bundled, and the bundle run from another directory: what
// each module's import.meta says must still be its own source file, as when run unbundled.
const dir = mkdtempSync(join(tmpdir(), 'ringside-bundle-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function source(path: string, text: string): string {
  const file = join(dir, path);
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, text);
  return file;
}

async function run(code: string): Promise<Record<string, unknown>> {
  const out = join(dir, 'out', `bundle-${Math.random().toString(36).slice(2)}.mjs`);
  mkdirSync(join(dir, 'out'), { recursive: true });
  writeFileSync(out, code);
  return import(pathToFileURL(out).href);
}

describe('bundle', () => {
  it("keeps each source's import.meta.url, dirname and filename, and imports packages in place", async () => {
    source('src/nested/place.ts', `export const nested = { url: import.meta.url, dirname: import.meta.dirname, filename: import.meta.filename, sibling: new URL('./sibling.ts', import.meta.url).href };\n`);
    // The same names in two modules: esbuild must keep each module's constants apart.
    const entry = source(
      'src/entry.ts',
      `import { z } from 'zod';\nimport { nested } from './nested/place.ts';\nconst url: string = import.meta.url;\nexport const own = { url, dirname: import.meta.dirname, parsed: z.string().parse('ok') };\nexport { nested };\n`,
    );
    const code = await bundle(entry);
    expect(code).toMatch(/from "file:\/\/\/[^"]*\/node_modules\/zod\//);
    const loaded = await run(code);
    expect(loaded.own).toEqual({ url: pathToFileURL(entry).href, dirname: join(dir, 'src'), parsed: 'ok' });
    const place = join(dir, 'src/nested/place.ts');
    expect(loaded.nested).toEqual({ url: pathToFileURL(place).href, dirname: join(dir, 'src/nested'), filename: place, sibling: pathToFileURL(join(dir, 'src/nested/sibling.ts')).href });
  });

  it('keeps our .mjs modules in place, as files of their own', async () => {
    source('mjs/helper.mjs', 'export const where = import.meta.url;\n');
    const entry = source('mjs/entry.ts', `export { where } from './helper.mjs';\n`);
    const loaded = await run(await bundle(entry));
    expect(loaded.where).toBe(pathToFileURL(join(dir, 'mjs/helper.mjs')).href);
  });

  it('builds while another build runs and after both ended (the service is stopped in between)', async () => {
    const entry = source('again/entry.ts', 'export const n: number = 1;\n');
    const [a, b] = await Promise.all([bundle(entry), bundle(entry)]);
    expect(a).toBe(b);
    expect(await bundle(entry)).toBe(a);
  });

  it('refuses an import.meta property a bundle cannot keep true', async () => {
    const entry = source('resolve/entry.ts', `export const where = import.meta.resolve('./x.js');\n`);
    await expect(bundle(entry)).rejects.toThrow(/import\.meta\.resolve/);
  });
});
