import { createHmac, generateKeyPairSync, sign } from 'node:crypto';
import { CALL_EVENTS } from '@ringside/shared';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { httpAdapters } from './index.js';
import type { PbxHttpAdapter, PbxHttpRequest, PbxSecrets } from './types.js';

/**
 * Phone systems, proxies and attackers send anything. Whatever arrives, parse() returns a value
 * (valid events or an error with a known status) and never throws, and respond() renders it.
 */
const RUNS = 10_000;

const text = z.string().min(1);
function eventSchema(source: string) {
  return z.strictObject({
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
  });
}

// A small key keeps 10,000 RSA signatures fast; the code path is the same as with 4096 bits.
const testKeys = generateKeyPairSync('rsa', { modulusLength: 1024 });
const TEST_PUBLIC_KEY = testKeys.publicKey.export({ type: 'spki', format: 'pem' }).toString();

const anyText = fc.string({ unit: 'binary', maxLength: 40 });
/** Mostly the words phone systems send, sometimes anything: both the deep and the odd paths run. */
const word = (...words: string[]) => fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...words) }, { weight: 1, arbitrary: anyText });
const id = word('c-1001', '123456', 'CAa1b2c3', ' padded ', '');
const num = word('493023125741', '+49 30 2312574-1', '030/2312574', 'anonymous', '', ' 4930', '+266696687', 'client:alice', '7777abcdefg@fpbx.de');
const who = word('Alice', 'w0', 'voicemail', 'Emma Taylor', '21', '');
const list = fc.array(who, { maxLength: 3 });

/** What each system natively sends; a fifth of the runs use another system's words and encodings. */
const NATIVE: Record<string, { events: string[]; encodings: Encoding[] }> = {
  generic: { events: [...CALL_EVENTS], encodings: ['json'] },
  zammad: { events: ['newCall', 'answer', 'hangup'], encodings: ['json', 'jsonNumbers', 'form', 'rawForm', 'multipart'] },
  sipgate: { events: ['newCall', 'answer', 'hangup', 'dtmf'], encodings: ['form', 'rawForm'] },
  placetel: { events: ['IncomingCall', 'OutgoingCall', 'CallAccepted', 'HungUp'], encodings: ['form', 'rawForm'] },
  twilio: { events: [], encodings: ['form'] },
};
const ALL_EVENTS = [...new Set(Object.values(NATIVE).flatMap((n) => n.events))];
type Encoding = 'form' | 'rawForm' | 'multipart' | 'json' | 'jsonNumbers';
const ALL_ENCODINGS: Encoding[] = ['form', 'rawForm', 'multipart', 'json', 'jsonNumbers'];

/** The fields the adapters read, with plausible values; which ones are present varies. */
const knownFields = (events: string[]) =>
  fc.record(
  {
    event: fc.oneof(word(...events), word(...ALL_EVENTS)),
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
  { requiredKeys: ['event', 'callId', 'CallSid', 'CallStatus', 'direction', 'Direction'] },
);
const noiseKey = fc.oneof(fc.constantFrom('user[]', 'user[0]', 'userId[]', '__proto__', 'constructor', 'event', 'callId'), anyText);
const noise = fc.array(fc.tuple(noiseKey, anyText), { maxLength: 3 });

type Pair = [string, string];
/** Form/multipart spelling: lists become repeated `name[]` fields, as PHP-style senders do. */
function toPairs(fields: Record<string, string | string[]>, extra: Pair[]): Pair[] {
  const out: Pair[] = [];
  for (const [k, v] of Object.entries(fields)) {
    if (Array.isArray(v)) for (const item of v) out.push([`${k}[]`, item]);
    else out.push([k, v]);
  }
  return [...out, ...extra];
}

const FORM = 'application/x-www-form-urlencoded';
const encodings = {
  form: (p: Pair[]) => p.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&'),
  rawForm: (p: Pair[]) => p.map(([k, v]) => `${k}=${v}`).join('&'),
  multipart: (p: Pair[]) => p.map(([k, v]) => `--b0undary\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`).join('') + '--b0undary--\r\n',
};
const plausibleBody = (native: { events: string[]; encodings: Encoding[] }) =>
  fc
    .tuple(
      knownFields(native.events.length > 0 ? native.events : ALL_EVENTS),
      noise,
      fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...native.encodings) }, { weight: 1, arbitrary: fc.constantFrom(...ALL_ENCODINGS) }),
    )
    .map(([fields, extra, how]): [string, string] => {
    if (how === 'json') return [JSON.stringify({ ...fields, ...Object.fromEntries(extra) }), 'application/json'];
    if (how === 'jsonNumbers') return [JSON.stringify({ ...fields, callId: 42, from: 493023125741, user: [1, null, 'x'] }), 'application/json'];
    const pairs = toPairs(fields, extra);
    if (how === 'multipart') return [encodings.multipart(pairs), 'multipart/form-data; boundary=b0undary'];
    return [how === 'form' ? encodings.form(pairs) : encodings.rawForm(pairs), FORM];
  });
const junkBody = fc.oneof(anyText, fc.json({ maxDepth: 2 }), fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b).toString('latin1')));
const otherType = fc.oneof(fc.constantFrom('text/xml', 'application/vnd.api+json', 'multipart/form-data', '', ';', FORM), anyText);

/** Body plus the content type a sender would put on it, or sometimes a wrong or missing one. */
const bodyAndType = (id: string) =>
  fc
    .tuple(
      fc.oneof(
        { weight: 8, arbitrary: plausibleBody(NATIVE[id] ?? { events: ALL_EVENTS, encodings: ALL_ENCODINGS }) },
        { weight: 2, arbitrary: junkBody.map((b): [string, string] => [b, 'text/plain']) },
      ),
      fc.nat(9),
      otherType,
    )
    .map(([[body, type], dice, other]) => ({ body, type: dice < 7 ? type : dice < 8 ? undefined : other }));

const secrets: fc.Arbitrary<PbxSecrets> = fc.oneof(
  fc.constant({}),
  fc.record(
    { sipgatePublicKey: fc.oneof(fc.constant(TEST_PUBLIC_KEY), anyText), placetelSecret: anyText, twilioAuthToken: anyText, basicAuth: anyText },
    { requiredKeys: [] },
  ),
);
const url = fc.oneof(fc.constant('https://ringside.example.com/pbx/x/tok'), fc.constant('https://ringside.example.com:443/p?x=1'), fc.webUrl(), anyText);

/** Half the time the request carries what the configured secrets demand, so parsing goes on. */
function credentialsFor(body: string, reqUrl: string, sec: PbxSecrets): Record<string, string> {
  const h: Record<string, string> = {};
  if (sec.basicAuth) h.authorization = `Basic ${Buffer.from(sec.basicAuth).toString('base64')}`;
  if (sec.placetelSecret) h['x-placetel-signature'] = createHmac('sha256', sec.placetelSecret).update(body).digest('hex');
  if (sec.sipgatePublicKey === TEST_PUBLIC_KEY) h['x-sipgate-signature'] = sign('sha256', Buffer.from(body), testKeys.privateKey).toString('base64');
  if (sec.twilioAuthToken) {
    const params = [...new URLSearchParams(body)].sort(([a, x], [b, y]) => (a === b ? (x < y ? -1 : 1) : a < b ? -1 : 1));
    h['x-twilio-signature'] = createHmac('sha1', sec.twilioAuthToken).update(reqUrl + params.map(([k, v]) => k + v).join('')).digest('base64');
  }
  return h;
}

const requestFor = (id: string) =>
  fc
  .tuple(bodyAndType(id), secrets, url, fc.boolean(), fc.constantFrom('POST', 'GET'), fc.dictionary(fc.constantFrom('x-sipgate-signature', 'x-twilio-signature', 'authorization'), anyText))
  .map(([{ body, type }, sec, reqUrl, authentic, method, stray]) => {
    const headers: Record<string, string | undefined> = { ...stray, 'content-type': type, ...(authentic ? credentialsFor(body, reqUrl, sec) : {}) };
    const req: PbxHttpRequest = { method, headers, query: {}, rawBody: Buffer.from(body, 'utf8'), url: reqUrl };
    return { req, sec };
  });

const ERROR_STATUSES = [400, 401, 403, 415, 422];

function checkAdapter(adapter: PbxHttpAdapter) {
  const schema = z.array(eventSchema(adapter.id));
  fc.assert(
    fc.property(requestFor(adapter.id), fc.boolean(), ({ req, sec }, reject) => {
      const result = adapter.parse(req, sec);
      // Pure: the same request gives the same answer.
      expect(adapter.parse(req, sec)).toEqual(result);
      if (result.ok) {
        expect(schema.safeParse(result.events).success).toBe(true);
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
}

describe('pbx adapters on arbitrary input', () => {
  it.each(httpAdapters.map((a) => [a.id, a] as const))('%s: parse never throws and returns events or an error value', (_id, adapter) => {
    checkAdapter(adapter);
  }, 120_000);
});
