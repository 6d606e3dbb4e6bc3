import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Standard Webhooks signatures (https://www.standardwebhooks.com) for the generic webhook.
 * The sender signs `${webhook-id}.${webhook-timestamp}.${raw body}` with HMAC-SHA256 under the
 * base64-decoded part of a `whsec_...` secret and sends `webhook-signature: v1,<base64>` (several,
 * space-separated, while a secret is rotated). No I/O and no clock of its own: the caller passes
 * `now`, so tests can stand at any instant.
 */

export const SIGNATURE_HEADERS = {
  id: 'webhook-id',
  timestamp: 'webhook-timestamp',
  signature: 'webhook-signature',
} as const;
export type SignatureHeader = (typeof SIGNATURE_HEADERS)[keyof typeof SIGNATURE_HEADERS];

/** Accepted clock difference between sender and bridge, either way (the spec's default). */
export const TOLERANCE_SECONDS = 5 * 60;

const SECRET_PREFIX = 'whsec_';
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
/** Ids are opaque to us but bounded: they are kept in memory until the window has passed. */
const MAX_ID_LENGTH = 256;

/** The HMAC key of a `whsec_<base64>` secret (the prefix is optional), or null if it is not base64. */
export function decodeSigningSecret(secret: string): Buffer | null {
  const b64 = secret.trim().startsWith(SECRET_PREFIX) ? secret.trim().slice(SECRET_PREFIX.length) : secret.trim();
  if (!BASE64.test(b64) || b64.length % 4 === 1) return null;
  const key = Buffer.from(b64, 'base64');
  return key.length > 0 ? key : null;
}

/** The `v1,<base64>` signature of one message, as a sender computes it. */
export function signStandardWebhook(secret: string, id: string, timestamp: number | string, body: Buffer | string): string {
  const key = decodeSigningSecret(secret);
  if (!key) throw new Error('signing secret is not whsec_<base64>');
  return `v1,${hmac(key, id, String(timestamp), body).toString('base64')}`;
}

function hmac(key: Buffer, id: string, timestamp: string, body: Buffer | string): Buffer {
  return createHmac('sha256', key).update(`${id}.${timestamp}.`).update(body).digest();
}

/**
 * Ids seen within the replay window, with the instant (unix seconds) each may be forgotten.
 * Bounded: expired ids are swept as the map grows, and past `maxEntries` the oldest go first.
 */
export class ReplayCache {
  private readonly seen = new Map<string, number>();

  constructor(private readonly maxEntries = 100_000) {}

  get size(): number {
    return this.seen.size;
  }

  has(id: string, nowS: number): boolean {
    const until = this.seen.get(id);
    if (until === undefined) return false;
    if (until < nowS) {
      this.seen.delete(id);
      return false;
    }
    return true;
  }

  add(id: string, untilS: number, nowS: number): void {
    this.seen.delete(id);
    if (this.seen.size >= this.maxEntries) this.sweep(nowS);
    while (this.seen.size >= this.maxEntries) {
      const oldest = this.seen.keys().next().value;
      if (oldest === undefined) break;
      this.seen.delete(oldest);
    }
    this.seen.set(id, untilS);
  }

  delete(id: string): void {
    this.seen.delete(id);
  }

  private sweep(nowS: number): void {
    for (const [id, until] of this.seen) if (until < nowS) this.seen.delete(id);
  }
}

export type VerifyResult =
  | { ok: true; id: string }
  | { ok: false; header: SignatureHeader; message: string };

export interface VerifyInput {
  /** `whsec_<base64>`. */
  secret: string;
  /** Header names lower-cased, as the route hands them to adapters. */
  headers: Record<string, string | undefined>;
  rawBody: Buffer | string;
  /** Milliseconds since the epoch. */
  now: number;
  toleranceSeconds?: number;
}

/**
 * Where accepted ids are remembered for their window (cluster/coordination.ts: this process,
 * or Redis so that a delivery replayed to another instance is refused too).
 */
export interface ReplayGuard {
  /** True when the id was not seen and is now remembered until `untilS`. */
  claim(id: string, untilS: number, nowS: number): Promise<boolean>;
}

const refuse = (header: SignatureHeader, message: string): VerifyResult => ({ ok: false, header, message: `${header}: ${message}` });

/**
 * Check one delivery and accept its id once: the signature first (verifyStandardWebhook), and
 * the id is remembered only once that has passed, so forged requests cannot fill the cache or
 * block a real id. A second delivery of an id within its window is refused.
 */
export async function acceptStandardWebhook(input: VerifyInput, replay: ReplayGuard): Promise<VerifyResult> {
  const verified = verifyStandardWebhook(input);
  if (!verified.ok) return verified;
  const nowS = Math.floor(input.now / 1000);
  // Beyond sentS + tolerance the timestamp check alone refuses the id.
  const untilS = Number(input.headers[SIGNATURE_HEADERS.timestamp]!.trim()) + (input.toleranceSeconds ?? TOLERANCE_SECONDS);
  if (!(await replay.claim(verified.id, untilS, nowS))) return refuse(SIGNATURE_HEADERS.id, 'already received within the replay window');
  return verified;
}

/**
 * Check one delivery's signature: headers present, timestamp within the window, one `v1`
 * signature matching (constant-time). Replays: acceptStandardWebhook.
 */
export function verifyStandardWebhook(input: VerifyInput): VerifyResult {
  const { headers } = input;
  const tolerance = input.toleranceSeconds ?? TOLERANCE_SECONDS;
  const id = headers[SIGNATURE_HEADERS.id]?.trim();
  const timestamp = headers[SIGNATURE_HEADERS.timestamp]?.trim();
  const signatures = headers[SIGNATURE_HEADERS.signature]?.trim();
  if (!id) return refuse(SIGNATURE_HEADERS.id, 'header missing (Standard Webhooks signing is required)');
  if (id.length > MAX_ID_LENGTH) return refuse(SIGNATURE_HEADERS.id, `longer than ${MAX_ID_LENGTH} characters`);
  if (!timestamp) return refuse(SIGNATURE_HEADERS.timestamp, 'header missing (Standard Webhooks signing is required)');
  if (!signatures) return refuse(SIGNATURE_HEADERS.signature, 'header missing (Standard Webhooks signing is required)');
  if (!/^\d{1,12}$/.test(timestamp)) return refuse(SIGNATURE_HEADERS.timestamp, 'must be unix time in whole seconds');

  const nowS = Math.floor(input.now / 1000);
  const sentS = Number(timestamp);
  if (Math.abs(nowS - sentS) > tolerance) {
    return refuse(SIGNATURE_HEADERS.timestamp, `${timestamp} is more than ${tolerance / 60} minutes from the bridge's clock (${nowS})`);
  }

  const key = decodeSigningSecret(input.secret);
  if (!key) return refuse(SIGNATURE_HEADERS.signature, 'the bridge has no usable signing secret');
  const expected = hmac(key, id, timestamp, input.rawBody);
  let matched = false;
  // Space-separated `v1,<base64>`; other schemes (v1a: asymmetric) are skipped, not failed.
  for (const entry of signatures.split(/\s+/)) {
    const comma = entry.indexOf(',');
    if (comma < 0 || entry.slice(0, comma) !== 'v1') continue;
    const given = Buffer.from(entry.slice(comma + 1).replace(/,$/, ''), 'base64');
    // Check every entry, without stopping at the first match: the time taken says nothing.
    if (given.length === expected.length && timingSafeEqual(given, expected)) matched = true;
  }
  if (!matched) return refuse(SIGNATURE_HEADERS.signature, 'no v1 signature matches the body (check the secret and sign the exact bytes sent)');
  return { ok: true, id };
}
