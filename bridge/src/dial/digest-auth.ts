import { createHash, randomBytes } from 'node:crypto';

/**
 * HTTP Digest access authentication, client side (RFC 7616; RFC 2617 servers such as the
 * Fritz!Box's TR-064 interface answer the same way). Written here rather than taken from npm:
 * the maintained packages either wrap a whole HTTP client we do not use (axios, urllib) or know
 * only MD5 (digest-header); this is the 60 lines of hashing the RFC describes, tested against its
 * own published example (digest-auth.test.ts).
 */

export interface DigestChallenge {
  realm: string;
  nonce: string;
  opaque?: string;
  algorithm: string;
  qop?: string;
  userhash?: boolean;
}

const ALGORITHMS: Record<string, string> = { 'MD5': 'md5', 'MD5-SESS': 'md5', 'SHA-256': 'sha256', 'SHA-256-SESS': 'sha256' };

/** `key=value` and `key="quoted, with \"escapes\""` pairs of one challenge. */
function parseParams(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /([A-Za-z0-9_-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    out[m[1]!.toLowerCase()] = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : (m[3] ?? '');
  }
  return out;
}

/**
 * The strongest Digest challenge in a `WWW-Authenticate` header (a server may offer SHA-256 and
 * MD5 side by side, RFC 7616 §3.7); null when there is none we can answer.
 */
export function parseDigestChallenge(header: string | null): DigestChallenge | null {
  if (!header) return null;
  const found: DigestChallenge[] = [];
  // Challenges start with a scheme token; split before each "Digest " (Basic ones are skipped).
  for (const part of header.split(/(?=\b(?:Digest|Basic|Bearer|Negotiate)\s)/i)) {
    const m = /^\s*Digest\s+([\s\S]*)$/i.exec(part);
    if (!m) continue;
    const p = parseParams(m[1]!);
    const algorithm = (p.algorithm ?? 'MD5').toUpperCase();
    if (!p.realm || !p.nonce || !ALGORITHMS[algorithm]) continue;
    const qops = p.qop?.split(',').map((q) => q.trim().toLowerCase());
    if (qops && !qops.includes('auth')) continue; // auth-int would need the body hashed; nobody we talk to asks for it
    found.push({ realm: p.realm, nonce: p.nonce, ...(p.opaque !== undefined && { opaque: p.opaque }), algorithm, ...(qops && { qop: 'auth' }), userhash: p.userhash?.toLowerCase() === 'true' });
  }
  return found.find((c) => c.algorithm.startsWith('SHA-256')) ?? found[0] ?? null;
}

const quote = (s: string) => `"${s.replace(/(["\\])/g, '\\$1')}"`;

export interface DigestInput {
  method: string;
  /** The request-target as sent: path and query. */
  uri: string;
  username: string;
  password: string;
  /** Requests answered with this nonce so far, this one included (RFC 7616 nc). */
  nonceCount?: number;
  /** Fixed only by tests; random otherwise. */
  cnonce?: string;
}

/** The `Authorization` header answering `challenge`. */
export function digestAuthorization(challenge: DigestChallenge, input: DigestInput): string {
  const hashName = ALGORITHMS[challenge.algorithm]!;
  const H = (s: string) => createHash(hashName).update(s, 'utf8').digest('hex');
  const cnonce = input.cnonce ?? randomBytes(16).toString('hex');
  const nc = (input.nonceCount ?? 1).toString(16).padStart(8, '0');
  let ha1 = H(`${input.username}:${challenge.realm}:${input.password}`);
  if (challenge.algorithm.endsWith('-SESS')) ha1 = H(`${ha1}:${challenge.nonce}:${cnonce}`);
  const ha2 = H(`${input.method}:${input.uri}`);
  const response = challenge.qop ? H(`${ha1}:${challenge.nonce}:${nc}:${cnonce}:${challenge.qop}:${ha2}`) : H(`${ha1}:${challenge.nonce}:${ha2}`);
  const username = challenge.userhash ? H(`${input.username}:${challenge.realm}`) : input.username;
  const parts = [
    `username=${quote(username)}`,
    `realm=${quote(challenge.realm)}`,
    `uri=${quote(input.uri)}`,
    `algorithm=${challenge.algorithm}`,
    `nonce=${quote(challenge.nonce)}`,
    ...(challenge.qop ? [`nc=${nc}`, `cnonce=${quote(cnonce)}`, `qop=${challenge.qop}`] : []),
    `response=${quote(response)}`,
    ...(challenge.opaque !== undefined ? [`opaque=${quote(challenge.opaque)}`] : []),
    ...(challenge.userhash ? ['userhash=true'] : []),
  ];
  return `Digest ${parts.join(', ')}`;
}
