import { createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MemoryCoordination } from '../cluster/memory.js';
import { acceptStandardWebhook, decodeSigningSecret, ReplayCache, signStandardWebhook, TOLERANCE_SECONDS, verifyStandardWebhook } from './standard-webhooks.js';

// The example published with the Standard Webhooks specification (and its reference libraries).
const SPEC = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: 1614265330,
  body: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};
const AT_SPEC = SPEC.timestamp * 1000;

function headers(over: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return { 'webhook-id': SPEC.id, 'webhook-timestamp': String(SPEC.timestamp), 'webhook-signature': SPEC.signature, ...over };
}

function input(over: Record<string, string | undefined>, opts: { now?: number; body?: string; secret?: string }) {
  return { secret: opts.secret ?? SPEC.secret, headers: headers(over), rawBody: Buffer.from(opts.body ?? SPEC.body), now: opts.now ?? AT_SPEC };
}

function verify(over: Record<string, string | undefined> = {}, opts: { now?: number; body?: string; secret?: string } = {}) {
  return verifyStandardWebhook(input(over, opts));
}

describe('Standard Webhooks signatures', () => {
  it('signs the spec example exactly as published', () => {
    expect(signStandardWebhook(SPEC.secret, SPEC.id, SPEC.timestamp, SPEC.body)).toBe(SPEC.signature);
    // Same thing by hand: HMAC-SHA256 under the base64-decoded key over id.timestamp.body.
    const key = Buffer.from(SPEC.secret.slice('whsec_'.length), 'base64');
    const manual = createHmac('sha256', key).update(`${SPEC.id}.${SPEC.timestamp}.${SPEC.body}`).digest('base64');
    expect(`v1,${manual}`).toBe(SPEC.signature);
  });

  it('verifies the spec example', () => {
    expect(verify()).toEqual({ ok: true, id: SPEC.id });
  });

  it('accepts when any one of several signatures matches (secret rotation, other schemes)', () => {
    const other = signStandardWebhook(`whsec_${randomBytes(32).toString('base64')}`, SPEC.id, SPEC.timestamp, SPEC.body);
    expect(verify({ 'webhook-signature': `${other} v1a,AAAA ${SPEC.signature}` }).ok).toBe(true);
    expect(verify({ 'webhook-signature': `v1,AAAA v2,${SPEC.signature.slice(3)}` }).ok).toBe(false);
  });

  it.each([
    ['webhook-id', { 'webhook-id': undefined }],
    ['webhook-timestamp', { 'webhook-timestamp': undefined }],
    ['webhook-signature', { 'webhook-signature': undefined }],
    ['webhook-signature', { 'webhook-signature': '  ' }],
    ['webhook-timestamp', { 'webhook-timestamp': '2021-02-25T15:02:10Z' }],
    ['webhook-timestamp', { 'webhook-timestamp': '1614265330.5' }],
    ['webhook-id', { 'webhook-id': 'x'.repeat(257) }],
  ])('a missing or malformed header is refused naming %s', (header, over) => {
    const result = verify(over);
    expect(result).toMatchObject({ ok: false, header });
    expect(!result.ok && result.message).toContain(header);
  });

  it('refuses a changed body, id, timestamp or secret', () => {
    expect(verify({}, { body: '{"test": 2432232315}' })).toMatchObject({ ok: false, header: 'webhook-signature' });
    expect(verify({ 'webhook-id': 'msg_other' })).toMatchObject({ ok: false, header: 'webhook-signature' });
    expect(verify({ 'webhook-timestamp': String(SPEC.timestamp + 1) })).toMatchObject({ ok: false, header: 'webhook-signature' });
    expect(verify({}, { secret: `whsec_${randomBytes(24).toString('base64')}` })).toMatchObject({ ok: false, header: 'webhook-signature' });
    expect(verify({ 'webhook-signature': 'v1,not base64!' })).toMatchObject({ ok: false, header: 'webhook-signature' });
  });

  it('accepts timestamps up to 5 minutes off either way, refuses beyond', () => {
    const s = TOLERANCE_SECONDS * 1000;
    expect(verify({}, { now: AT_SPEC + s }).ok).toBe(true);
    expect(verify({}, { now: AT_SPEC - s }).ok).toBe(true);
    expect(verify({}, { now: AT_SPEC + s + 1000 })).toMatchObject({ ok: false, header: 'webhook-timestamp' });
    expect(verify({}, { now: AT_SPEC - s - 1000 })).toMatchObject({ ok: false, header: 'webhook-timestamp' });
  });

  it('refuses an id seen within the window, and only after the signature held', async () => {
    const replay = new MemoryCoordination();
    const accept = (over: Record<string, string | undefined> = {}, now?: number) => acceptStandardWebhook(input(over, now ? { now } : {}), replay);
    // A forged request with a real id must not block the real delivery.
    expect((await accept({ 'webhook-signature': 'v1,AAAA' })).ok).toBe(false);
    expect((await accept()).ok).toBe(true);
    expect(await accept({}, AT_SPEC + 60_000)).toMatchObject({ ok: false, header: 'webhook-id' });
    // Past the window the timestamp check refuses it anyway.
    expect(await accept({}, AT_SPEC + (TOLERANCE_SECONDS + 1) * 1000)).toMatchObject({ ok: false, header: 'webhook-timestamp' });
    await replay.release(SPEC.id);
    expect((await accept()).ok).toBe(true);
  });

  it('the replay cache is bounded and sheds expired ids first', () => {
    const cache = new ReplayCache(3);
    cache.add('old', 10, 0);
    cache.add('a', 100, 0);
    cache.add('b', 100, 0);
    cache.add('c', 100, 50); // full: 'old' has expired and goes
    expect(cache.size).toBe(3);
    expect(cache.has('a', 50)).toBe(true);
    expect(cache.has('old', 50)).toBe(false);
    cache.add('d', 100, 50); // full of live ids: the oldest goes
    expect(cache.size).toBe(3);
    expect(cache.has('a', 50)).toBe(false);
    expect(cache.has('d', 50)).toBe(true);
    expect(cache.has('d', 101)).toBe(false);
  });

  it('decodes whsec_ secrets and refuses what is not base64', () => {
    expect(decodeSigningSecret(SPEC.secret)?.length).toBe(24);
    expect(decodeSigningSecret('whsec_')).toBeNull();
    expect(decodeSigningSecret('whsec_not base64')).toBeNull();
    expect(() => signStandardWebhook('whsec_***', 'x', 1, '')).toThrow();
  });
});
