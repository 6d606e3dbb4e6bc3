import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { zipSync, type Zippable } from 'fflate';

function collect(root: string, dir: string, into: Zippable): void {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) collect(root, path, into);
    // A fixed timestamp makes the store zips reproducible byte for byte.
    else into[relative(root, path).split('\\').join('/')] = [readFileSync(path), { mtime: new Date('2025-01-01T00:00:00Z') }];
  }
}

/** Zip a folder with its files at the archive root, as both stores expect. */
export function zipDirectory(dir: string, outFile: string): number {
  const files: Zippable = {};
  collect(dir, dir, files);
  const bytes = zipSync(files, { level: 9 });
  writeFileSync(outFile, bytes);
  return bytes.length;
}
