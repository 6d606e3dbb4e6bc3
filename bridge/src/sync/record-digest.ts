import { hash } from 'node:crypto';
import type { NumberingConfig } from '../phone/normalize.js';

/**
 * The digest a record is stored with: the validated input as the source sent it, and the
 * numbering plan its numbers were normalized under (a new country or trunk prefix must rewrite
 * the numbers, so the same input is then not "unchanged"). The validated value rather than the
 * line's text, so that an object from a connector and the same record as NDJSON, however spaced,
 * digest alike. One-shot hash(): the same bytes as a Hash object fed in two parts, without it.
 */
export function recordDigest(kind: string, input: unknown, numbering: NumberingConfig): string {
  return hash('sha1', `${kind}\u0000${numbering.country}\u0000${numbering.trunkPrefix ?? ''}\u0000${JSON.stringify(input)}`, 'base64url');
}
