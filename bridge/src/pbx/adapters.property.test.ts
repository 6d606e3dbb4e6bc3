import { createHmac, generateKeyPairSync, sign } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { CALL_EVENTS } from '@ringside/shared';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { httpAdapters } from './index.js';
import type { PbxHttpAdapter, PbxHttpRequest, PbxParseResult, PbxSecrets } from './types.js';

/**
 * Phone systems, proxies and attackers send anything. Whatever arrives, parse() returns a value
 * (valid events or an error with a known status) and never throws, and respond() renders it.
 * Inputs: each adapter's recorded fixtures mutated, plausible field sets in every encoding, junk.
 */
const RUNS = 10_000;

const text = z.string().min(1);
const eventSchema = (source: string) =>
  z.strictObject({
    kind: z.enum(CALL_EVENTS),
    source: z.literal(source),
    callId: text,
    from: text.nullable(),
    to: text.nullable(),
    direction: z.enum(['in', 'out']),
    agents: z.array(text).nullable(),
    answeredBy: text.nullable(),
    cause: text.nullable(),
    at: z.iso.datetime({ offset: true }).nullable(),
    linkedId: text.nullable(),
    answeredByAlso: z.array(text).min(1).optional(),
    mailboxOnly: z.literal(true).optional(),
  });

// A small key keeps thousands of RSA signatures fast; the verifying code path is the same.
const testKeys = generateKeyPairSync('rsa', { modulusLength: 1024 });
const TEST_PUBLIC_KEY = testKeys.publicKey.export({ type: 'spki', format: 'pem' }).toString();

const anyText = fc.string({ unit: 'binary', maxLength: 40 });
/** Mostly the words phone systems send, sometimes anything. */
const word = (...words: string[]) => fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...words) }, { weight: 1, arbitrary: anyText });
const id = word('c-1001', '123456', 'CAa1b2c3', ' padded ', '');
const num = word('493023125741', '+49 30 2312574-1', '030/2312574', 'anonymous', '', ' 4930', '+266696687', 'client:alice', 'sip@fpbx.de');
const who = word('Alice', 'w0', 'voicemail', 'Emma Taylor', '21', '');
const list = fc.array(who, { maxLength: 3 });
const anyValue = fc.oneof(num, who, id, anyText);

interface Seed {
  body: string;
  type: string | undefined;
  url: string;
  secrets: PbxSecrets;
}

/** The adapter's own recorded requests: mutating them reaches the deep paths of any new adapter too. */
function seedsOf(adapterId: string): Seed[] {
  const dir = new URL(`./fixtures/${adapterId}/`, import.meta.url);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => {
      const fx = JSON.parse(readFileSync(new URL(f, dir), 'utf8')) as {
        request: { body: string; url: string; headers: Record<string, string> };
        secrets?: PbxSecrets;
      };
      const type = Object.entries(fx.request.headers).find(([k]) => k.toLowerCase() === 'content-type')?.[1];
      // Fixture keys have no private half here; swap in the test key so signing can follow mutations.
      const secrets = fx.secrets?.sipgatePublicKey ? { ...fx.secrets, sipgatePublicKey: TEST_PUBLIC_KEY } : (fx.secrets ?? {});
      return { body: fx.request.body, type, url: fx.request.url, secrets };
    });
}

type Pair = [string, string];
/** Change one field of a form or JSON body (replace its value, or drop it when value is null). */
function editField(body: string, index: number, value: string | null): string {
  try {
    const obj: unknown = JSON.parse(body);
    if (obj && typeof obj === 'object' && !Array.isArray(obj)) {
      const keys = Object.keys(obj);
      const key = keys[index % Math.max(keys.length, 1)];
      if (key === undefined) return body;
      const copy: Record<string, unknown> = { ...obj };
      if (value === null) delete copy[key];
      else copy[key] = value;
      return JSON.stringify(copy);
    }
  } catch {
    // not JSON: treat as a form
  }
  const pairs: Pair[] = [...new URLSearchParams(body)];
  const at = index % Math.max(pairs.length, 1);
  if (pairs[at] === undefined) return body;
  if (value === null) pairs.splice(at, 1);
  else pairs[at] = [pairs[at][0], value];
  return new URLSearchParams(pairs).toString();
}

const mutation: fc.Arbitrary<(s: string) => string> = fc.oneof(
  fc.constant((s: string) => s),
  fc.tuple(fc.nat(), fc.option(anyValue, { nil: null })).map(([i, v]) => (s: string) => editField(s, i, v)),
  fc.nat().map((n) => (s: string) => s.slice(0, n % (s.length + 1))),
  fc.tuple(fc.nat(), anyText).map(([n, t]) => (s: string) => {
    const i = n % (s.length + 1);
    return s.slice(0, i) + t + s.slice(i);
  }),
);
const mutatedSeed = (seeds: Seed[]) =>
  fc
    .tuple(fc.constantFrom(...seeds), fc.array(mutation, { maxLength: 3 }))
    .map(([seed, steps]) => ({ ...seed, body: steps.reduce((b, f) => f(b), seed.body) }));

/** Every field any adapter reads, with plausible values, in every encoding any system uses. */
const knownFields = fc.record(
  {
    event: word('newCall', 'answer', 'hangup', 'dtmf', ...CALL_EVENTS, 'IncomingCall', 'OutgoingCall', 'CallAccepted', 'HungUp'),
    callId: id,
    call_id: id,
    CallSid: id,
    CallStatus: word('queued', 'ringing', 'in-progress', 'completed', 'busy', 'no-answer', 'canceled', 'failed'),
    direction: word('in', 'out', 'IN', 'inbound'),
    Direction: word('inbound', 'outbound-api', 'outbound-dial'),
    from: num,
    to: num,
    From: num,
    To: num,
    user: list,
    userId: list,
    agents: list,
    answeringNumber: num,
    peer: who,
    answeredBy: who,
    cause: word('normalClearing', 'cancel', 'forwarded', 'NoAnswer', 'busy'),
    type: word('accepted', 'missed', 'voicemail', 'blocked', 'busy', 'something-new'),
    origCallId: id,
    ParentCallSid: id,
    linkedId: id,
    Timestamp: word('Mon, 25 Aug 2025 18:15:34 +0000', 'Sun, 31 Dec 9999 23:59:59 -1200', 'Mon, 99 Foo 2025 99:99:99 +9999'),
    at: word('2025-08-25T20:15:34+02:00', '2025-08-25'),
  },
  { requiredKeys: ['event'] },
);
const noiseKey = fc.oneof(fc.constantFrom('user[]', 'user[0]', 'userId[]', '__proto__', 'constructor', 'event'), anyText);
const noise = fc.array(fc.tuple(noiseKey, anyText), { maxLength: 3 });

const FORM = 'application/x-www-form-urlencoded';
const formPairs = (fields: Record<string, string | string[]>, extra: Pair[]): Pair[] => [
  ...Object.entries(fields).flatMap(([k, v]): Pair[] => (Array.isArray(v) ? v.map((item): Pair => [`${k}[]`, item]) : [[k, v]])),
  ...extra,
];
const ENCODE: Record<'form' | 'rawForm' | 'multipart', (p: Pair[]) => [string, string]> = {
  form: (p) => [new URLSearchParams(p).toString(), FORM],
  rawForm: (p) => [p.map(([k, v]) => `${k}=${v}`).join('&'), FORM],
  multipart: (p) => [
    p.map(([k, v]) => `--b0undary\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`).join('') + '--b0undary--\r\n',
    'multipart/form-data; boundary=b0undary',
  ],
};
const plausible = fc
  .tuple(knownFields, noise, fc.constantFrom('form', 'rawForm', 'multipart', 'json', 'jsonNumbers'))
  .map(([fields, extra, how]): Omit<Seed, 'url' | 'secrets'> => {
    const [body, type]: [string, string] =
      how === 'json'
        ? [JSON.stringify({ ...fields, ...Object.fromEntries(extra) }), 'application/json']
        : how === 'jsonNumbers'
          ? [JSON.stringify({ ...fields, callId: 42, from: 493023125741, user: [1, null, 'x'] }), 'application/json']
          : ENCODE[how](formPairs(fields, extra));
    return { body, type };
  });
const junk = fc
  .oneof(anyText, fc.json({ maxDepth: 2 }), fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b).toString('latin1')))
  .map((body) => ({ body, type: undefined as string | undefined }));

const otherType = fc.oneof(fc.constantFrom('text/xml', 'application/vnd.api+json', 'multipart/form-data', '', ';', FORM, 'application/json'), anyText);
const secrets: fc.Arbitrary<PbxSecrets> = fc.oneof(
  fc.constant({}),
  fc.record(
    { sipgatePublicKey: fc.oneof(fc.constant(TEST_PUBLIC_KEY), anyText), placetelSecret: anyText, twilioAuthToken: anyText, basicAuth: anyText },
    { requiredKeys: [] },
  ),
);
const url = fc.oneof(fc.constant('https://ringside.example.com/pbx/x/tok'), fc.constant('https://ringside.example.com:443/p?x=1'), fc.webUrl(), anyText);

/** The headers a genuine sender computes for the configured secrets, so parsing goes past them. */
function credentialsFor(body: string, reqUrl: string, sec: PbxSecrets): Record<string, string> {
  const h: Record<string, string> = {};
  if (sec.basicAuth) h.authorization = `Basic ${Buffer.from(sec.basicAuth).toString('base64')}`;
  if (sec.placetelSecret) h['x-placetel-signature'] = createHmac('sha256', sec.placetelSecret).update(body).digest('hex');
  if (sec.sipgatePublicKey === TEST_PUBLIC_KEY) {
    h['x-sipgate-signature'] = sign('sha256', Buffer.from(body), testKeys.privateKey).toString('base64');
  }
  if (sec.twilioAuthToken) {
    const params = [...new URLSearchParams(body)].sort(([a, x], [b, y]) => (a === b ? (x < y ? -1 : 1) : a < b ? -1 : 1));
    const data = reqUrl + params.map(([k, v]) => k + v).join('');
    h['x-twilio-signature'] = createHmac('sha1', sec.twilioAuthToken).update(data).digest('base64');
  }
  return h;
}

const strayHeaders = fc.dictionary(fc.constantFrom('x-sipgate-signature', 'x-placetel-signature', 'x-twilio-signature', 'authorization'), anyText);

function requests(adapterId: string): fc.Arbitrary<{ req: PbxHttpRequest; sec: PbxSecrets }> {
  const fromSeed = mutatedSeed(seedsOf(adapterId));
  const fresh = fc
    .tuple(fc.oneof({ weight: 4, arbitrary: plausible }, { weight: 1, arbitrary: junk }), url, secrets)
    .map(([b, u, s]) => ({ ...b, url: u, secrets: s }));
  return fc
    .tuple(fc.oneof(fromSeed, fresh), fc.nat(9), otherType, fc.boolean(), fc.constantFrom('POST', 'GET'), strayHeaders)
    .map(([seed, dice, other, authentic, method, stray]) => {
      const type = dice < 7 ? seed.type : dice < 8 ? undefined : other;
      const creds = authentic ? credentialsFor(seed.body, seed.url, seed.secrets) : {};
      const headers: Record<string, string | undefined> = { ...stray, 'content-type': type, ...creds };
      return { req: { method, headers, query: {}, rawBody: Buffer.from(seed.body, 'utf8'), url: seed.url }, sec: seed.secrets };
    });
}

const ERROR_STATUSES = [400, 401, 403, 415, 422];

function checkAdapter(adapter: PbxHttpAdapter): Map<string, number> {
  const schema = z.array(eventSchema(adapter.id));
  const outcomes = new Map<string, number>();
  const count = (r: PbxParseResult) => {
    const key = r.ok ? (r.events[0]?.kind ?? 'none') : String(r.status);
    outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
  };
  fc.assert(
    fc.property(requests(adapter.id), fc.boolean(), ({ req, sec }, reject) => {
      const result = adapter.parse(req, sec);
      count(result);
      expect(adapter.parse(req, sec), 'same request, same result').toEqual(result);
      if (result.ok) {
        const check = schema.safeParse(result.events);
        expect(check.success, check.error?.message).toBe(true);
      } else {
        expect(ERROR_STATUSES).toContain(result.status);
        expect(result.error).toEqual(expect.any(String));
        expect(result.error.length).toBeGreaterThan(0);
        expect(result.field === undefined || typeof result.field === 'string').toBe(true);
      }
      const events = result.ok ? result.events : [];
      const response = adapter.respond({ reject, publicUrl: 'https://ringside.example.com', path: '/p?a=1&b="2"', events });
      expect(response.status).toBeGreaterThanOrEqual(200);
      expect(response.status).toBeLessThan(300);
      expect(typeof response.body).toBe('string');
      expect(response.contentType.length).toBeGreaterThan(0);
    }),
    { numRuns: RUNS },
  );
  return outcomes;
}

describe('pbx adapters on arbitrary input', () => {
  it.each(httpAdapters.map((a) => [a.id, a] as const))('%s: parse never throws and returns events or an error value', (_id, adapter) => {
    const outcomes = checkAdapter(adapter);
    // Guard against a generator that only ever produces rejected input: every kind must occur.
    for (const kind of CALL_EVENTS) expect(outcomes.get(kind) ?? 0, `runs that produced ${kind}`).toBeGreaterThan(RUNS / 200);
  }, 120_000);
});
