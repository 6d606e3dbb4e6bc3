import { createHash } from 'node:crypto';
import type { NumberingConfig } from '../phone/normalize.js';

/**
 * The digest a record is stored with: the validated input as the source sent it, and the
 * numbering plan its numbers were normalized under (a new country or trunk prefix must rewrite
 * the numbers, so the same input is then not "unchanged").
 */
export function recordDigest(kind: string, input: unknown, numbering: NumberingConfig): string {
  return createHash('sha1')
    .update(`${kind}\u0000${numbering.country}\u0000${numbering.trunkPrefix ?? ''}\u0000`)
    .update(JSON.stringify(input))
    .digest('base64url');
}
