import { readFileSync, readdirSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IdentityIndex } from '../agents/identity.js';
import type { CallEvent } from '../calls/call-event.js';
import { boxTimeToIso, FritzCorrelator, parseFritzLine, type BoxTime } from './fritzbox-parser.js';
import { LineSplitter } from './line-client.js';

const dir = new URL('./fixtures/fritzbox/', import.meta.url);
const fixtures = readdirSync(dir).filter((f) => f.endsWith('.txt'));

const BERLIN = new Intl.DateTimeFormat('en-US', {
  timeZone: 'Europe/Berlin', hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
});
/** When the bridge receives each line: by default when the (correct, Berlin) box printed it. */
let receivedAt = 0;
const boxClockCorrect = (time: BoxTime) => Date.parse(boxTimeToIso(time, BERLIN));

/** What the client does with each line; kept in step with fritzbox-client.ts. */
function replay(
  lines: string[],
  correlator = new FritzCorrelator({ timeZone: 'Europe/Berlin', clock: () => receivedAt }),
  receive: (time: BoxTime) => number = boxClockCorrect,
) {
  const events: CallEvent[] = [];
  const errors: string[] = [];
  const skews: number[] = [];
  for (const line of lines) {
    if (line.trim() === '') continue;
    const parsed = parseFritzLine(line);
    if ('error' in parsed) {
      errors.push(parsed.error);
      continue;
    }
    receivedAt = receive(parsed.time);
    const result = correlator.handle(parsed);
    skews.push(result.boxClockSkewMs);
    if (result.error) errors.push(result.error);
    events.push(...result.events);
  }
  return { events, errors, skews };
}

const t = (day: number, month: number, year: number, hour: number, minute: number, second: number): BoxTime =>
  ({ year, month, day, hour, minute, second });

describe('parseFritzLine', () => {
  it.each([
    ['25.08.25 20:15:30;RING;2;012345678901;9876543;SIP0;',
      { type: 'RING', time: t(25, 8, 2025, 20, 15, 30), connId: '2', caller: '012345678901', own: '9876543', line: 'SIP0' }],
    ['28.08.10 10:22:07;RING;0;;123;ISDN;',
      { type: 'RING', time: t(28, 8, 2010, 10, 22, 7), connId: '0', caller: null, own: '123', line: 'ISDN' }],
    ['25.08.25 20:15:30;CALL;4;7;9876543;012345678901;SIP0;',
      { type: 'CALL', time: t(25, 8, 2025, 20, 15, 30), connId: '4', extension: '7', own: '9876543', dialed: '012345678901', line: 'SIP0' }],
    ['25.08.25 20:15:30;CONNECT;2;3;012345678901;',
      { type: 'CONNECT', time: t(25, 8, 2025, 20, 15, 30), connId: '2', extension: '3', remote: '012345678901' }],
    ['25.08.25 20:15:42;DISCONNECT;2;12;', { type: 'DISCONNECT', time: t(25, 8, 2025, 20, 15, 42), connId: '2', duration: 12 }],
    // CRLF, no trailing `;`, and the extra fields newer firmware appends.
    ['25.08.25 20:15:42;DISCONNECT;2;12\r', { type: 'DISCONNECT', time: t(25, 8, 2025, 20, 15, 42), connId: '2', duration: 12 }],
    ['01.01.26 00:00:00;RING;1;0301234;987;SIP0;;x;',
      { type: 'RING', time: t(1, 1, 2026, 0, 0, 0), connId: '1', caller: '0301234', own: '987', line: 'SIP0' }],
  ])('parses %s', (line, expected) => {
    expect(parseFritzLine(line)).toEqual(expected);
  });

  it.each([
    ['', /empty/],
    ['hello', /bad date/],
    ['32.01.25 10:00:00;RING;0;1;2;SIP0;', /bad date/],
    ['01.13.25 10:00:00;RING;0;1;2;SIP0;', /bad date/],
    ['01.01.25 24:00:00;RING;0;1;2;SIP0;', /bad date/],
    ['01.01.25 10:00:00;HANGUP;0;1;', /unknown event type/],
    ['01.01.25 10:00:00;RING;0;1;', /RING needs 4 fields/],
    ['01.01.25 10:00:00;CALL;0;x;1;2;SIP0;', /bad extension/],
    ['01.01.25 10:00:00;CONNECT;-1;1;2;', /bad connection id/],
    ['01.01.25 10:00:00;DISCONNECT;1;abc;', /bad duration/],
  ])('rejects %j', (line, error) => {
    const result = parseFritzLine(line);
    expect(result).toHaveProperty('error');
    expect((result as { error: string }).error).toMatch(error);
  });
});

describe('boxTimeToIso', () => {
  const zone = (tz: string) => new Intl.DateTimeFormat('en-US', {
    timeZone: tz, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
  });
  it.each([
    ['Europe/Berlin', t(25, 8, 2025, 20, 15, 30), '2025-08-25T18:15:30.000Z'],
    ['Europe/Berlin', t(30, 1, 2025, 9, 0, 0), '2025-01-30T08:00:00.000Z'],
    // DST ends: 02:30 happens twice; the earlier (summer time) instant is taken.
    ['Europe/Berlin', t(26, 10, 2025, 2, 30, 0), '2025-10-26T00:30:00.000Z'],
    ['Europe/Berlin', t(26, 10, 2025, 3, 0, 0), '2025-10-26T02:00:00.000Z'],
    ['Europe/Berlin', t(30, 3, 2025, 3, 0, 0), '2025-03-30T01:00:00.000Z'],
    ['UTC', t(31, 12, 2025, 23, 59, 59), '2025-12-31T23:59:59.000Z'],
    ['America/New_York', t(4, 7, 2025, 12, 0, 0), '2025-07-04T16:00:00.000Z'],
  ])('%s %o -> %s', (tz, time, iso) => {
    expect(boxTimeToIso(time, zone(tz))).toBe(iso);
  });

  it('uses the bridge local zone without a configured zone', () => {
    expect(boxTimeToIso(t(25, 8, 2025, 20, 15, 30))).toBe(new Date(2025, 7, 25, 20, 15, 30).toISOString());
  });

  it('does not throw in the skipped hour when DST starts', () => {
    expect(() => boxTimeToIso(t(30, 3, 2025, 2, 30, 0), zone('Europe/Berlin'))).not.toThrow();
  });
});

describe('FritzCorrelator', () => {
  it('rejects an unknown time zone at construction', () => {
    expect(() => new FritzCorrelator({ timeZone: 'Mars/Olympus' })).toThrow(RangeError);
  });

  it('forgets a call whose DISCONNECT never came, after maxAge', () => {
    let now = 0;
    const correlator = new FritzCorrelator({ timeZone: 'UTC', clock: () => now, maxAgeMs: 1000 });
    replay(['01.01.25 10:00:00;RING;0;0301;987;SIP0;'], correlator);
    now = 5000;
    const { events, errors } = replay(['01.01.25 10:00:10;DISCONNECT;0;0;'], correlator);
    expect(events).toEqual([]);
    expect(errors).toEqual(['DISCONNECT for unknown connection 0']);
  });

  it('gives the same call id for the same RING seen twice by two correlators', () => {
    const line = ['25.08.25 20:15:30;RING;2;0301;987;SIP0;'];
    expect(replay(line).events[0]?.callId).toBe(replay(line).events[0]?.callId);
    expect(replay(line).events[0]?.callId).toBe('2@2025-08-25T20:15:30');
  });
});

describe('who rings, and when', () => {
  const lines = readFileSync(new URL('msn-routing.txt', dir), 'utf8').split('\n');
  const agents = new IdentityIndex([
    { id: 'anna', name: 'Anna', email: null, extensions: ['21'], identifiers: { fritzbox: ['9876543', '10'] } },
    { id: 'ben', name: 'Ben', email: null, extensions: ['22'], identifiers: { fritzbox: ['9876544'] } },
    { id: 'lena', name: 'Lena', email: null, extensions: ['23'], identifiers: { fritzbox: ['SIP1'] } },
  ]);

  it('names the called number (MSN) and the line of a RING as its identifiers', () => {
    const ringing = replay(lines).events.filter((e) => e.kind === 'ringing');
    expect(ringing.map((e) => e.agents)).toEqual([['9876543', 'SIP0'], ['9876544', 'SIP1']]);
    // An agent given an MSN gets only that number's calls; one given a line, that line's.
    expect(ringing.map((e) => agents.ringing('fritzbox', e.agents).agentIds)).toEqual([['anna'], ['ben', 'lena']]);
    // The identifiers are the Fritz!Box's own: another source's MSN-like ids do not match.
    expect(agents.ringing('sipgate', ringing[0]!.agents).agentIds).toEqual([]);
    // A number nobody is given names nobody: every agent (the resolver's rule), and the console
    // lists it for assignment.
    const other = replay(['04.12.26 09:00:00;RING;0;0301234567;9876599;SIP2;']).events[0]!;
    expect(agents.ringing('fritzbox', other.agents)).toEqual({ agentIds: [], unmapped: ['9876599', 'SIP2'] });
    // Who picked up: the extension index of CONNECT.
    const answered = replay(lines).events.find((e) => e.kind === 'answered')!;
    expect(agents.taker('fritzbox', [answered.answeredBy!], ['anna']).agentId).toBe('anna');
  });

  it('a RING that names neither number nor line rings everyone', () => {
    const { events } = replay(['04.12.26 09:00:00;RING;0;0301234567; ; ;']);
    expect(events[0]?.agents).toBeNull();
  });

  it('uses the time the bridge received a line, not the box clock, and reports the skew', () => {
    // A box 7 minutes behind the bridge: its calls are live calls all the same.
    const behind = (time: BoxTime) => boxClockCorrect(time) + 7 * 60_000;
    const { events, skews } = replay(lines, undefined, behind);
    const bridgeTimes = lines.filter((l) => l.trim()).map((l) => new Date(behind((parseFritzLine(l) as { time: BoxTime }).time)).toISOString());
    expect(events.map((e) => e.at)).toEqual([bridgeTimes[0], bridgeTimes[1], bridgeTimes[2], bridgeTimes[3], bridgeTimes[4]]);
    expect(new Set(skews)).toEqual(new Set([7 * 60_000]));
    // The call id keeps the box's own time, so it does not depend on when the line arrived.
    expect(events[0]?.callId).toBe(replay(lines).events[0]?.callId);
    // A box whose clock was reset (no NTP after a power cut) likewise.
    const reset = replay(lines.map((l) => l.replace(/^\d\d\.\d\d\.\d\d \d\d:/, '01.01.70 00:')), undefined, () => Date.parse('2026-12-04T08:00:00Z'));
    expect(reset.events.every((e) => e.at === '2026-12-04T08:00:00.000Z')).toBe(true);
  });
});

describe('fixtures', () => {
  const expectedErrors: Record<string, number> = { 'garbage.txt': 8, 'connid-reuse.txt': 1 };

  it.each(fixtures)('%s replays to its expected events', (name) => {
    const text = readFileSync(new URL(name, dir), 'utf8');
    const expected = JSON.parse(readFileSync(new URL(name.replace(/\.txt$/, '.expected.json'), dir), 'utf8')) as CallEvent[];
    const { events, errors } = replay(text.split('\n'));
    expect(events).toEqual(expected);
    expect(errors).toHaveLength(expectedErrors[name] ?? 0);
  });

  it.each(fixtures)('%s gives the same events however the stream is chunked', (name) => {
    const text = readFileSync(new URL(name, dir), 'utf8');
    const whole = replay(text.split('\n')).events;
    fc.assert(
      fc.property(fc.array(fc.nat({ max: text.length }), { maxLength: 20 }), (cuts) => {
        const points = [0, ...[...cuts].sort((a, b) => a - b), text.length];
        const splitter = new LineSplitter();
        const lines = points.slice(1).flatMap((end, i) => splitter.push(text.slice(points[i], end)));
        expect(replay(lines).events).toEqual(whole);
      }),
      { numRuns: 200 },
    );
  });
});

describe('robustness', () => {
  const field = fc.oneof(fc.string({ maxLength: 12 }), fc.stringMatching(/^\d{1,4}$/), fc.constant(''));
  const plausible = fc.tuple(
    fc.oneof(fc.constant('25.08.25 20:15:30'), fc.stringMatching(/^\d\d\.\d\d\.\d\d \d\d:\d\d:\d\d$/), fc.string({ maxLength: 20 })),
    fc.constantFrom('RING', 'CALL', 'CONNECT', 'DISCONNECT', 'ring', ''),
    fc.array(field, { maxLength: 8 }),
  ).map(([date, type, rest]) => [date, type, ...rest].join(';') + ';');
  const anyLine = fc.oneof(fc.string({ unit: 'binary', maxLength: 120 }), plausible);

  it('never throws on 10,000 arbitrary lines, and every event is well-formed', () => {
    const correlator = new FritzCorrelator({ timeZone: 'Europe/Berlin', clock: () => 0 });
    fc.assert(
      fc.property(anyLine, (line) => {
        const { events } = replay([line], correlator);
        for (const e of events) {
          expect(e.source).toBe('fritzbox');
          expect(e.callId).toMatch(/^\d+@\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
          expect(Number.isNaN(Date.parse(e.at ?? ''))).toBe(false);
        }
      }),
      { numRuns: 10_000 },
    );
  });
});
