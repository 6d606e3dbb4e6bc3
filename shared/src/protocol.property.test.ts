import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeJson, parseClientMessage, parseServerMessage, type ClientMessage } from './protocol.js';

/**
 * Browser extensions, stale clients and attackers send anything over the agent socket. Whatever
 * arrives, the validators return a value: ok with a message that satisfies the contract, or an
 * error that names a field. They never throw. 10,000 generated inputs per property.
 */
const RUNS = 10_000;
/** Generous: 10,000 runs on a busy 2-core machine, next to other test files. */
const TIMEOUT_MS = 120_000;

/** Every field a client message may carry; an error names one of these or the body. */
const CLIENT_FIELDS = new Set(['type', 'token', 'lastEventId', 'client', 'requestId', 'q', 'customerNo']);
const SERVER_FIELDS = new Set(['type', 'eventId']);

/** Strings up to `max` UTF-16 code units (what zod's max counts), any code point. */
const str = (min: number, max: number) =>
  fc.string({ unit: fc.oneof(fc.constantFrom('a', 'Z', '0', ' ', 'ß', 'ü', '€', '"', '\\', '\u0000', '\u2028', '😀'), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })), minLength: min, maxLength: max })
    .map((s) => (s.length > max ? s.slice(0, max) : s))
    .map((s) => (/[\ud800-\udbff]$/.test(s) ? s.slice(0, -1) : s))
    .filter((s) => s.length >= min);

const requestId = fc.option(str(0, 64), { nil: undefined });
/** Only keys that are present: `{requestId: undefined}` does not survive JSON. */
function compact<T extends Record<string, unknown>>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

const validClient: fc.Arbitrary<ClientMessage> = fc.oneof(
  fc
    .record({
      type: fc.constant('hello' as const),
      token: str(1, 200),
      lastEventId: fc.option(fc.oneof(fc.nat(), fc.maxSafeNat(), fc.constant(0)), { nil: undefined }),
      client: fc.option(str(0, 100), { nil: undefined }),
    })
    .map(compact),
  fc.record({ type: fc.constant('ping' as const), requestId }).map(compact),
  fc.record({ type: fc.constant('search' as const), q: str(0, 200), requestId }).map(compact),
  fc.record({ type: fc.constant('card' as const), customerNo: str(1, 64), requestId }).map(compact),
);

/** Values of the wrong type, too long, too short, or shaped to confuse. */
const badValue = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom('', 'x'.repeat(201), 'x'.repeat(65), 'x'.repeat(100_001), -1, 1.5, -0.5, 2 ** 53, 1e308, NaN, Infinity, true, null, [], {}),
  fc.constantFrom('hello', 'ping', 'search', 'card', 'welcome', 'HELLO', ' ping', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.integer(),
  fc.double(),
);
const POLLUTING_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__'];
const anyKey = fc.oneof(fc.constantFrom(...CLIENT_FIELDS, ...POLLUTING_KEYS, 'extra', 'Type', 'type '), fc.string({ maxLength: 12 }));

type Json = Record<string, unknown>;
/** One change to a valid message, as JSON text: what a buggy or hostile client puts on the wire. */
const mutation: fc.Arbitrary<(m: Json) => string> = fc.oneof(
  // Set one field (existing or not) to something else.
  fc.tuple(anyKey, badValue).map(([k, v]) => (m: Json) => JSON.stringify({ ...m, [k]: v })),
  // Drop one field.
  fc.nat().map((i) => (m: Json) => {
    const keys = Object.keys(m);
    const copy = { ...m };
    delete copy[keys[i % keys.length]!];
    return JSON.stringify(copy);
  }),
  // Extra fields, including prototype-pollution keys as JSON.parse produces them (own properties).
  fc.array(fc.tuple(anyKey, badValue), { minLength: 1, maxLength: 4 }).map((extra) => (m: Json) => {
    const own = extra.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v) ?? 'null'}`).join(',');
    const text = JSON.stringify(m);
    return `${text.slice(0, -1)},${own}}`;
  }),
  // A nested `__proto__` object that would pollute a naive merge.
  fc.constantFrom('__proto__', 'constructor', 'prototype').map((k) => (m: Json) => {
    const text = JSON.stringify(m);
    return `${text.slice(0, -1)},"${k}":{"type":"card","token":"stolen","isAdmin":true,"prototype":{"polluted":1}}}`;
  }),
  // Duplicate keys: JSON.parse keeps the last one.
  fc.tuple(fc.constantFrom('type', 'token', 'q', 'customerNo', 'lastEventId'), badValue).map(([k, v]) => (m: Json) => {
    const text = JSON.stringify(m);
    return `${text.slice(0, -1)},${JSON.stringify(k)}:${JSON.stringify(v) ?? 'null'}}`;
  }),
  // Wrapped or replaced by another JSON shape.
  fc.constantFrom(
    (m: Json) => JSON.stringify([m]),
    (m: Json) => JSON.stringify({ message: m }),
    (m: Json) => JSON.stringify(JSON.stringify(m)),
    (m: Json) => JSON.stringify(m.type),
  ),
  // Huge strings in every field.
  fc.constantFrom(...CLIENT_FIELDS).map((k) => (m: Json) => JSON.stringify({ ...m, [k]: 'x'.repeat(70_000) })),
);
const nearValidText = fc.tuple(validClient, fc.array(mutation, { minLength: 1, maxLength: 3 })).map(([msg, steps]) =>
  steps.reduce<string>((text, step) => {
    const parsed = decodeJson(text);
    const base = parsed.ok && parsed.value && typeof parsed.value === 'object' && !Array.isArray(parsed.value) ? (parsed.value as Json) : (msg as Json);
    return step(base) ?? 'null';
  }, JSON.stringify(msg)),
);

/** What a frame could hold: text that is sometimes JSON and often almost JSON. */
const frameText = fc.oneof(
  fc.json({ maxDepth: 3 }),
  nearValidText,
  fc.string({ unit: 'binary', maxLength: 200 }),
  nearValidText.chain((t) => fc.nat(t.length).map((n) => t.slice(0, n))),
  fc.constantFrom('', ' ', 'null', '[]', '{}', '{"type":"hello"', '{"type":"ping"}}', '\ufeff{"type":"ping"}', '[{"type":"ping"}]', '{"__proto__":{"type":"ping"}}'),
);

/** The contract of parseClientMessage for any input. */
function checkClient(input: unknown): ReturnType<typeof parseClientMessage> {
  const parsed = parseClientMessage(input);
  if (parsed.ok) {
    const v = parsed.value as Json;
    expect(typeof v).toBe('object');
    expect(['hello', 'ping', 'search', 'card']).toContain(v.type);
    // The value carries only the message's own fields, all of them own data properties.
    for (const k of Object.keys(v)) expect(CLIENT_FIELDS.has(k), `unexpected key ${k}`).toBe(true);
    expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
    const optional = (x: unknown, max: number) => x === undefined || (typeof x === 'string' && x.length <= max);
    expect(optional(v.requestId, 64)).toBe(true);
    switch (v.type) {
      case 'hello':
        expect(typeof v.token === 'string' && v.token.length >= 1 && v.token.length <= 200).toBe(true);
        expect(v.lastEventId === undefined || (Number.isSafeInteger(v.lastEventId) && (v.lastEventId as number) >= 0)).toBe(true);
        expect(optional(v.client, 100)).toBe(true);
        break;
      case 'search':
        expect(typeof v.q === 'string' && v.q.length <= 200).toBe(true);
        break;
      case 'card':
        expect(typeof v.customerNo === 'string' && v.customerNo.length >= 1 && v.customerNo.length <= 64).toBe(true);
        break;
    }
    // What the bridge parsed is what it would send back in an answer: JSON round-trips.
    expect(JSON.parse(JSON.stringify(v))).toEqual(v);
  } else {
    expect(typeof parsed.message).toBe('string');
    expect(parsed.message.length).toBeGreaterThan(0);
    const head = parsed.field.split('.')[0]!;
    expect(parsed.field === '(body)' || CLIENT_FIELDS.has(head), `field ${parsed.field}`).toBe(true);
  }
  return parsed;
}

describe('client message validator on generated input', () => {
  it('accepts every valid message, returns it unchanged, and it round-trips through JSON', () => {
    fc.assert(
      fc.property(validClient, (msg) => {
        const parsed = checkClient(msg);
        expect(parsed.ok, JSON.stringify(parsed).slice(0, 300)).toBe(true);
        if (parsed.ok) expect(parsed.value).toEqual(msg);
        const wire = decodeJson(JSON.stringify(msg));
        expect(wire.ok).toBe(true);
        if (wire.ok) expect(checkClient(wire.value)).toEqual({ ok: true, value: msg });
      }),
      { numRuns: RUNS },
    );
  }, TIMEOUT_MS);

  it('never throws on arbitrary JSON values; ok or an error naming a field', () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), fc.anything({ withNullPrototype: true, withMap: true, withSet: true, withBigInt: true, withDate: true, withTypedArray: true, withSparseArray: true })), (value) => {
        checkClient(value);
      }),
      { numRuns: RUNS },
    );
  }, TIMEOUT_MS);

  it('never throws on near-valid frames; errors name the field at fault', () => {
    const outcomes = new Map<string, number>();
    fc.assert(
      fc.property(frameText, (text) => {
        const json = decodeJson(text);
        let ok: boolean;
        try {
          JSON.parse(text);
          ok = true;
        } catch {
          ok = false;
        }
        expect(json.ok).toBe(ok);
        if (!json.ok) {
          expect(json.field).toBe('(body)');
          outcomes.set('json', (outcomes.get('json') ?? 0) + 1);
          return;
        }
        const parsed = checkClient(json.value);
        const key = parsed.ok ? 'ok' : parsed.field;
        outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
        // A prototype-pollution key changes nothing global.
        expect(({} as Json).polluted).toBeUndefined();
        expect(({} as Json).isAdmin).toBeUndefined();
        expect(({} as Json).token).toBeUndefined();
      }),
      { numRuns: RUNS },
    );
    // The generator must reach both sides: accepted messages and errors on each field.
    expect(outcomes.get('ok') ?? 0).toBeGreaterThan(RUNS / 20);
    for (const field of ['(body)', 'type', 'token', 'q', 'customerNo', 'requestId', 'lastEventId']) {
      expect(outcomes.get(field) ?? 0, `errors on ${field}: ${JSON.stringify([...outcomes])}`).toBeGreaterThan(0);
    }
  }, TIMEOUT_MS);

  it('a mutated field is either still valid or the error names exactly that field', () => {
    const oneField = fc.tuple(validClient, fc.constantFrom(...CLIENT_FIELDS), badValue).map(([msg, key, value]) => ({ msg, key, value }));
    fc.assert(
      fc.property(oneField, ({ msg, key, value }) => {
        const input = JSON.parse(JSON.stringify({ ...msg, [key]: value }) ?? 'null') as Json;
        const parsed = checkClient(input);
        if (!parsed.ok) {
          // Only the mutated field can be at fault; a changed type makes the other fields belong to another message.
          if (key !== 'type') expect(parsed.field, JSON.stringify(input).slice(0, 200)).toBe(key);
        } else if (key !== 'type' && key in parsed.value) {
          expect((parsed.value as Json)[key]).toEqual(input[key]);
        }
      }),
      { numRuns: RUNS },
    );
  }, TIMEOUT_MS);
});

describe('server message envelope on generated input', () => {
  const serverType = fc.constantFrom('welcome', 'call', 'pong', 'searchResult', 'card', 'error');
  const validServer = fc
    .tuple(serverType, fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), fc.dictionary(fc.string({ maxLength: 10 }).filter((k) => k !== 'type' && k !== 'eventId' && k !== '__proto__'), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 5 }))
    .map(([type, eventId, rest]) => (type === 'call' ? { ...rest, type, eventId } : { ...rest, type }))
    // As it comes off the wire (no -0, no undefined).
    .map((m) => JSON.parse(JSON.stringify(m)) as Json);

  it('accepts what the bridge sends, unchanged, also after a JSON round trip', () => {
    fc.assert(
      fc.property(validServer, (msg) => {
        const parsed = parseServerMessage(msg);
        expect(parsed.ok).toBe(true);
        if (parsed.ok) expect(parsed.value).toEqual(msg);
        const again = parseServerMessage(JSON.parse(JSON.stringify(msg)));
        expect(again).toEqual(parsed);
      }),
      { numRuns: RUNS },
    );
  }, TIMEOUT_MS);

  it('never throws on anything; ok means a known type (and an eventId on calls), else it names a field', () => {
    const input = fc.oneof(
      fc.jsonValue(),
      validServer.chain((m) => fc.tuple(fc.constantFrom('type', 'eventId', '__proto__', 'constructor'), badValue).map(([k, v]) => JSON.parse(JSON.stringify({ ...m, [k]: v })) as unknown)),
      frameText.map((t) => decodeJson(t)).map((d) => (d.ok ? d.value : null)),
    );
    fc.assert(
      fc.property(input, (value) => {
        const parsed = parseServerMessage(value);
        if (parsed.ok) {
          const v = parsed.value as unknown as Json;
          expect(['welcome', 'call', 'pong', 'searchResult', 'card', 'error']).toContain(v.type);
          if (v.eventId !== undefined || v.type === 'call') expect(Number.isSafeInteger(v.eventId) && (v.eventId as number) > 0).toBe(true);
        } else {
          expect(parsed.message.length).toBeGreaterThan(0);
          expect(parsed.field === '(body)' || SERVER_FIELDS.has(parsed.field.split('.')[0]!), parsed.field).toBe(true);
        }
      }),
      { numRuns: RUNS },
    );
  }, TIMEOUT_MS);
});

describe('decodeJson', () => {
  it('never throws; agrees with JSON.parse', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 100 }), fc.json(), frameText), (text) => {
        const decoded = decodeJson(text);
        let expected: { ok: true; value: unknown } | undefined;
        try {
          expected = { ok: true, value: JSON.parse(text) as unknown };
        } catch {
          expected = undefined;
        }
        if (expected) expect(decoded).toEqual(expected);
        else expect(decoded).toEqual({ ok: false, field: '(body)', message: 'not valid JSON' });
      }),
      { numRuns: RUNS },
    );
  }, TIMEOUT_MS);
});
