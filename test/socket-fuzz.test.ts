import Database from 'better-sqlite3';
import { journalFileOf } from '../bridge/src/store/sqlite/journal-file.js';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode, decodeJson, parseClientMessage, type ServerMessage } from '@ringside/shared';
import { BridgeProcess } from './helpers/bridge-process.js';
import { AgentClient } from './helpers/ws-client.js';

// Thousands of generated frames on an authenticated agent socket of the real bridge: every text
// frame gets exactly one answer (an error naming the field, or the reply the protocol documents),
// binary and oversized frames close that socket with the documented codes, the bridge stays
// healthy, a well-behaved agent keeps getting its calls, and nothing bad frames carry is stored.

/** The hub's maxPayload (bridge/src/hub/hub.ts). */
const MAX_PAYLOAD = 64 * 1024;
const BATCHES = 500;
const MAX_FRAMES_PER_BATCH = 20;

// ---------------------------------------------------------------------------------------------
// Generators
// ---------------------------------------------------------------------------------------------

const FIELDS = ['type', 'token', 'lastEventId', 'client', 'requestId', 'q', 'customerNo'];
const POLLUTING = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty'];
const shortText = fc.string({ unit: 'binary', maxLength: 40 });
const anyValue = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom('', -1, 1.5, 2 ** 53, true, null, [], {}, 'x'.repeat(201), 'x'.repeat(65), 'welt', 'K-1', '%', '"', '*', 'NEAR(a b)', "' OR 1=1 --"),
  shortText,
);
const requestId = fc.option(fc.string({ maxLength: 64 }), { nil: undefined });
const valid = fc.oneof(
  fc.record({ type: fc.constant('ping'), requestId }),
  fc.record({ type: fc.constant('search'), q: fc.oneof(fc.constantFrom('welt', 'Welter', 'dach', '030', '2312', 'ü', '"', 'a*', 'we\u0000lt', '\u0000\u0000\u0000', 'NEAR(a b)', 'x OR y'), fc.string({ unit: 'binary', maxLength: 60 })), requestId }),
  fc.record({ type: fc.constant('card'), customerNo: fc.oneof(fc.constantFrom('K-1', 'K-404', "K-1' --", '../K-1'), fc.string({ minLength: 1, maxLength: 64 })), requestId }),
  fc.record({ type: fc.constant('hello'), token: fc.string({ minLength: 1, maxLength: 200 }), lastEventId: fc.option(fc.nat(), { nil: undefined }) }),
);
/** Shaped like the agent API's writes: a socket that accepted them would store notes or callbacks. */
const writeShaped = fc.oneof(
  fc.record({ type: fc.constantFrom('note', 'conversation', 'conversations'), customerNo: fc.constant('K-1'), subject: fc.constant('FUZZ-NOTE'), callId: fc.constant('missed-1') }),
  fc.record({ type: fc.constantFrom('callback', 'callbacks', 'done'), callIds: fc.constant(['missed-1']), done: fc.boolean() }),
  fc.record({ type: fc.constantFrom('customer', 'attachPhone', 'phones'), customerNo: fc.constant('FUZZ-K'), customer: fc.constant({ company: 'FUZZ-CO' }), number: fc.constant('0171 1234567') }),
  fc.record({ type: fc.constantFrom('card', 'search'), customerNo: fc.constant('K-1'), q: fc.constant('welt'), summary: fc.constant('FUZZ-NOTE'), callIds: fc.constant(['missed-1']) }),
);
const message = fc.oneof(valid, writeShaped).map((m) => JSON.parse(JSON.stringify(m)) as Record<string, unknown>);

/** One change to a message, producing the text put on the wire. */
const mutate: fc.Arbitrary<(m: Record<string, unknown>) => string> = fc.oneof(
  fc.constant((m: Record<string, unknown>) => JSON.stringify(m)),
  fc.tuple(fc.oneof(fc.constantFrom(...FIELDS, ...POLLUTING), shortText), anyValue).map(([k, v]) => (m: Record<string, unknown>) => JSON.stringify({ ...m, [k]: v })),
  fc.constantFrom(...FIELDS).map((k) => (m: Record<string, unknown>) => {
    const copy = { ...m };
    delete copy[k];
    return JSON.stringify(copy);
  }),
  // Own `__proto__`/`constructor` keys as JSON.parse produces them, and duplicate keys.
  fc.tuple(fc.constantFrom(...POLLUTING, 'type', 'q', 'token'), anyValue).map(([k, v]) => (m: Record<string, unknown>) =>
    `${JSON.stringify(m).slice(0, -1)},${JSON.stringify(k)}:${JSON.stringify(v) ?? 'null'}}`,
  ),
  fc.nat().map((n) => (m: Record<string, unknown>) => {
    const t = JSON.stringify(m);
    return t.slice(0, n % t.length);
  }),
  // Big but under the limit: answered, not cut off.
  fc.tuple(fc.constantFrom('q', 'token', 'customerNo', 'requestId', 'pad'), fc.integer({ min: 1_000, max: MAX_PAYLOAD - 200 })).map(
    ([k, n]) => (m: Record<string, unknown>) => JSON.stringify({ ...m, [k]: 'x'.repeat(n) }),
  ),
);
const textFrame = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(message, mutate).map(([m, f]) => f(m)) },
  { weight: 1, arbitrary: fc.json({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 100 }) },
  { weight: 1, arbitrary: fc.constantFrom('', ' ', 'null', '[]', '{}', '"ping"', '{"type":"ping"', '\ufeff{"type":"ping"}', `${'['.repeat(5_000)}${']'.repeat(5_000)}`) },
);

/** Frames that must close the socket, with the code the hub documents for them. */
type Closer = { kind: 'binary' | 'oversized' | 'oversizedBinary' | 'badUtf8'; bytes: Buffer; expect: readonly number[] };
const closer: fc.Arbitrary<Closer> = fc.oneof(
  fc.uint8Array({ maxLength: 200 }).map((b) => ({ kind: 'binary' as const, bytes: Buffer.from(b), expect: [CloseCode.protocolError] })),
  // Binary frames that happen to hold a valid message are still refused.
  fc.constant({ kind: 'binary' as const, bytes: Buffer.from('{"type":"ping"}'), expect: [CloseCode.protocolError] }),
  fc.integer({ min: MAX_PAYLOAD + 1, max: MAX_PAYLOAD + 4_096 }).map((n) => ({
    kind: 'oversized' as const,
    bytes: Buffer.from(JSON.stringify({ type: 'search', q: 'x'.repeat(n) }).slice(0, n)),
    expect: [1009],
  })),
  fc.integer({ min: MAX_PAYLOAD + 1, max: MAX_PAYLOAD + 64 }).map((n) => ({ kind: 'oversizedBinary' as const, bytes: Buffer.alloc(n, 0x7b), expect: [1009] })),
  // Text frames must be UTF-8; ws refuses anything else with 1007.
  fc.constantFrom([0xff], [0x7b, 0x22, 0xc3, 0x28, 0x22, 0x7d], [0xed, 0xa0, 0x80]).map((b) => ({ kind: 'badUtf8' as const, bytes: Buffer.from(b), expect: [1007] })),
);

const batch = fc.record({
  frames: fc.array(textFrame, { maxLength: MAX_FRAMES_PER_BATCH, size: 'max' }),
  close: fc.oneof({ weight: 3, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: closer }),
  /** First frame of a fresh, unauthenticated socket. */
  fresh: fc.oneof(
    { weight: 3, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: fc.oneof(textFrame.map((t) => ({ text: t })), closer.map((c) => ({ closer: c }))) },
  ),
});

// ---------------------------------------------------------------------------------------------
// What the bridge must answer
// ---------------------------------------------------------------------------------------------

/** The one reply the protocol documents for a text frame on an authenticated socket. */
function expectedReply(text: string): (m: ServerMessage) => void {
  const json = decodeJson(text);
  const parsed = json.ok ? parseClientMessage(json.value) : json;
  if (!parsed.ok) {
    return (m) => expect(m, text.slice(0, 200)).toMatchObject({ type: 'error', code: 'invalid_message', field: parsed.field });
  }
  const msg = parsed.value;
  switch (msg.type) {
    case 'hello':
      return (m) => expect(m).toMatchObject({ type: 'error', code: 'already_authenticated' });
    case 'ping':
      return (m) => expect(m).toEqual({ type: 'pong', serverTime: expect.any(String), ...(msg.requestId !== undefined && { requestId: msg.requestId }) });
    case 'search':
      return (m) => {
        expect(m).toMatchObject({ type: 'searchResult', q: msg.q, results: expect.any(Array) });
        expect((m as { requestId?: string }).requestId).toBe(msg.requestId);
      };
    case 'card':
      return (m) => {
        expect(m).toMatchObject({ type: 'card', customerNo: msg.customerNo });
        expect((m as { requestId?: string }).requestId).toBe(msg.requestId);
        if (msg.customerNo === 'K-1') expect((m as { card: { company: string } }).card.company).toBe('Welter Dachbau GmbH');
      };
  }
}

/** What a fresh socket's first frame earns: hello with an unknown token 4401, anything else 4400. */
function expectedFirstClose(first: { text: string } | { closer: Closer }): readonly number[] {
  if ('closer' in first) return first.closer.expect;
  const json = decodeJson(first.text);
  const parsed = json.ok ? parseClientMessage(json.value) : json;
  return parsed.ok && parsed.value.type === 'hello' ? [CloseCode.unauthorized] : [CloseCode.protocolError];
}

const replies = (c: AgentClient) => c.messages.filter((m) => m.type !== 'welcome' && m.type !== 'call');

// ---------------------------------------------------------------------------------------------
// What is stored
// ---------------------------------------------------------------------------------------------

/** Every row of every table, read-only; the rows of the calls this test pushed itself left out. */
function snapshot(file: string, ownCalls: string[]): Record<string, string[]> {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  // The call journal is a file of its own (journal-file.ts).
  db.prepare(`ATTACH DATABASE ? AS journal`).run(journalFileOf(file));
  try {
    const own = new Set(ownCalls);
    const ownRows = new Set(
      (db.prepare('SELECT id, call_id FROM calls').all() as { id: number; call_id: string }[]).filter((r) => own.has(r.call_id)).map((r) => r.id),
    );
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((t) => t.name);
    const out: Record<string, string[]> = {};
    for (const name of tables) {
      // The event id sequence moves with the calls pushed by this test.
      if (name === 'sqlite_sequence') continue;
      const rows = db.prepare(`SELECT * FROM "${name}"`).all() as Record<string, unknown>[];
      out[name] = rows
        .filter((r) => !(name === 'calls' && own.has(r.call_id as string)) && !(name === 'call_events' && ownRows.has(r.call_row as number)))
        .map((r) => JSON.stringify(r))
        .sort();
    }
    return out;
  } finally {
    db.close();
  }
}

describe('agent socket under generated frames', () => {
  let bridge: BridgeProcess;
  let fuzzer: { id: string; token: string };
  let lena: { id: string; token: string };

  beforeAll(async () => {
    // Thousands of frames from one agent: this is about how each frame is handled, not about
    // the per-agent budget (agent-isolation.test.ts), which would throttle the fuzzer.
    bridge = await BridgeProcess.start({ env: { RINGSIDE_AGENT_MESSAGE_RATE: '0', RINGSIDE_AGENT_MAX_SOCKETS: '10000' } });
    await bridge.expectOk('PUT', '/api/customers/K-1', {
      company: 'Welter Dachbau GmbH',
      phones: [{ number: '030 2312574-0', main: true }],
      contacts: [{ salutation: 'Herr', firstName: 'Jonas', lastName: 'Welter' }],
    });
    fuzzer = await bridge.createAgent('Fuzz', ['21']);
    lena = await bridge.createAgent('Lena', ['22']);
    // A missed call on the fuzzer's callback list, which a stored "callback" would take off.
    await bridge.call({ event: 'ringing', callId: 'missed-1', from: '+49 30 2312574-33', agents: ['21'] });
    await bridge.call({ event: 'ended', callId: 'missed-1', cause: 'cancel' });
  });
  afterAll(async () => bridge?.dispose());

  it('answers or closes with the documented codes, keeps serving others, stores nothing', async () => {
    const own = ['mid-1', 'end-1'];
    const me = (path: string) => bridge.expectOk('GET', `/api/me${path}`, undefined, fuzzer.token);
    const lists = async () => ({
      today: await me('/calls?scope=today'),
      missed: await me('/calls?scope=missed'),
      card: await me('/customers/K-1'),
      search: await me('/search?q=fuzz'),
    });
    const before = { db: snapshot(bridge.dbFile, own), api: await lists() };
    expect(before.api.missed.calls).toMatchObject([{ callId: 'missed-1', callbackPending: true }]);

    const good = await AgentClient.connect(bridge.base, { token: lena.token });
    let socket = await AgentClient.connect(bridge.base, { token: fuzzer.token });
    const stats = { batches: 0, frames: 0, closed: new Map<string, number>(), fresh: 0 };
    let pushedMid = false;

    await fc.assert(
      fc.asyncProperty(batch, async ({ frames, close, fresh }) => {
        stats.batches++;
        if (socket.closeCode !== undefined) socket = await AgentClient.connect(bridge.base, { token: fuzzer.token });

        // Pipelined: every text frame gets exactly one answer, in order.
        const seen = replies(socket).length;
        for (const f of frames) socket.send(f);
        stats.frames += frames.length;
        const target = seen + frames.length;
        await socket.waitFor(() => replies(socket).length >= target, 20_000).catch(() => {
          throw new Error(`${replies(socket).length - seen} of ${frames.length} answers; closed ${socket.closeCode}; frames ${JSON.stringify(frames).slice(0, 1000)}`);
        });
        const got = replies(socket).slice(seen);
        expect(got).toHaveLength(frames.length);
        frames.forEach((f, i) => expectedReply(f)(got[i]!));
        expect(socket.closeCode).toBeUndefined();

        if (close) {
          socket.ws.send(close.bytes, { binary: close.kind === 'binary' || close.kind === 'oversizedBinary' });
          const code = await socket.waitClosed();
          expect(close.expect, `${close.kind} closed with ${code}`).toContain(code);
          stats.closed.set(`${close.kind}:${code}`, (stats.closed.get(`${close.kind}:${code}`) ?? 0) + 1);
        }

        if (fresh) {
          stats.fresh++;
          const anon = await AgentClient.connect(bridge.base);
          if ('text' in fresh) anon.send(fresh.text);
          else anon.ws.send(fresh.closer.bytes, { binary: fresh.closer.kind === 'binary' || fresh.closer.kind === 'oversizedBinary' });
          const code = await anon.waitClosed();
          expect(expectedFirstClose(fresh), `first frame ${JSON.stringify(fresh).slice(0, 300)} closed with ${code}`).toContain(code);
          expect(anon.messages.filter((m) => m.type === 'welcome')).toEqual([]);
        }

        if (stats.batches % 50 === 0) expect((await bridge.api('GET', '/healthz', undefined, null)).status).toBe(200);
        if (!pushedMid && stats.batches >= BATCHES / 2) {
          pushedMid = true;
          await bridge.call({ event: 'ringing', callId: 'mid-1', from: '0171 1234567', agents: ['22'] });
          await good.waitFor((m) => m.type === 'call' && m.call.callId === 'mid-1');
        }
      }),
      // No shrinking against a live bridge: the failing batch is reported as generated.
      { numRuns: BATCHES, endOnFailure: true },
    );

    expect(pushedMid).toBe(true);
    expect(stats.frames).toBeGreaterThan(2_500);
    expect((await bridge.api('GET', '/healthz', undefined, null)).status).toBe(200);
    await bridge.call({ event: 'ringing', callId: 'end-1', from: '+49 30 2312574-21', agents: ['22'] });
    const end = await good.waitFor((m) => m.type === 'call' && m.call.callId === 'end-1');
    expect(end).toMatchObject({ event: 'ringing', lookup: { status: 'known', matches: [{ level: 'switchboard', card: { customerNo: 'K-1' } }] } });
    expect(good.closeCode).toBeUndefined();
    expect(good.messages.filter((m) => m.type === 'error')).toEqual([]);
    // The fuzzed agent's calls were never meant for the other socket, nor the other way round.
    expect(socket.calls().map((m) => m.call.callId)).toEqual([]);

    // Nothing a bad frame carried was stored: lists, card and every table are as before.
    const after = { db: snapshot(bridge.dbFile, own), api: await lists() };
    expect(after.api).toEqual(before.api);
    expect(after.db).toEqual(before.db);
    expect(JSON.stringify(after.db)).not.toContain('FUZZ');

    console.log(
      `socket fuzz: ${stats.batches} batches, ${stats.frames} text frames, ${stats.fresh} fresh sockets, closes ${JSON.stringify([...stats.closed])}`,
    );
    socket.close();
    good.close();
  }, 120_000);
});
