import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { CallEvent } from '../../calls/call-event.js';
import { transition } from '../../calls/transition.js';
import type { CallRecord } from '../../store/store.js';
import {
  formatDuration,
  journalCallId,
  journalConversation,
  journalEvents,
  parseDuration,
  parseJournal,
  parseTime,
  type ThreeCxJournal,
} from './journal.js';

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));

interface Fixture {
  description: string;
  request: { method: string; url: string; headers: Record<string, string>; body: string };
  expect: { journal: ThreeCxJournal; events: CallEvent[] } | { error: { field: string } };
}

/** What express.urlencoded / express.json hand the route. */
function bodyOf(request: Fixture['request']): unknown {
  const type = request.headers['Content-Type'] ?? '';
  return type.includes('json') ? JSON.parse(request.body) : Object.fromEntries(new URLSearchParams(request.body));
}

const fixtures = readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((name) => [name, JSON.parse(readFileSync(`${FIXTURES}${name}`, 'utf8')) as Fixture] as const);

describe('3CX journal fixtures', () => {
  it('has a fixture for every call type, a withheld caller, traps and errors', () => {
    const names = fixtures.map(([n]) => n).join(' ');
    for (const part of ['inbound', 'missed', 'outbound', 'notanswered', 'withheld', 'trap-', 'bad-', 'missing-']) expect(names).toContain(part);
  });

  it.each(fixtures.map(([name, f]) => [`${name}: ${f.description}`, f] as const))('%s', (_title, f) => {
    const parsed = parseJournal(bodyOf(f.request));
    if ('error' in f.expect) {
      expect(parsed).toMatchObject({ ok: false, field: f.expect.error.field });
      return;
    }
    expect(parsed).toEqual({ ok: true, value: f.expect.journal });
    if (parsed.ok) expect(journalEvents(parsed.value)).toEqual(f.expect.events);
  });
});

const inbound: ThreeCxJournal = {
  callType: 'Inbound',
  number: '00493023125741',
  agent: '21',
  agentName: 'Ben',
  durationSeconds: 125,
  startedAt: '2026-11-20T09:15:00.000Z',
  endedAt: '2026-11-20T09:17:35.000Z',
  entityId: null,
};

/** Replays the events through the real call lifecycle, as the call service would. */
function replay(events: CallEvent[]): CallRecord {
  let call: CallRecord | null = null;
  for (const ev of events) {
    const resolved = { ...ev, agentIds: null, answeredByAgentId: null };
    const t = transition(call, resolved, '2026-11-20T12:00:00.000Z', { customerNo: null, callerName: null, callerKind: null, callerE164: null, blocked: false });
    expect(t.kind, `${ev.kind} must change the call`).toBe('apply');
    if (t.kind === 'apply') call = t.next;
  }
  return call!;
}

describe('journalEvents: the call as the bridge journals it', () => {
  it.each([
    // One `ended` event each: the call is over, so no agent may get a ringing card for it.
    ['Inbound', ['ended'], 'in', 'answered', '21'],
    ['Missed', ['ended'], 'in', 'missed', null],
    ['Outbound', ['ended'], 'out', 'answered', '21'],
    ['Notanswered', ['ended'], 'out', 'not-reached', null],
  ] as const)('%s -> %j, %s, outcome %s', (callType, kinds, direction, outcome, answeredBy) => {
    const events = journalEvents({ ...inbound, callType });
    expect(events.map((e) => e.kind)).toEqual(kinds);
    const call = replay(events);
    expect(call).toMatchObject({ direction, outcome, answeredBy, state: 'ended', namedTargets: ['21'] });
    expect(call.startedAt).toBe(inbound.startedAt);
    expect(call.endedAt).toBe(inbound.endedAt);
  });

  it('outbound calls carry the customer as the called number', () => {
    const [ringing] = journalEvents({ ...inbound, callType: 'Outbound' });
    expect(ringing).toMatchObject({ from: '21', to: '00493023125741', direction: 'out' });
  });

  it('the answer lies duration before the end, never before the start', () => {
    expect(journalEvents(inbound)[0]!.answeredAt).toBe('2026-11-20T09:15:30.000Z');
    expect(journalEvents({ ...inbound, durationSeconds: 3600 })[0]!.answeredAt).toBe(inbound.startedAt);
    expect(replay(journalEvents(inbound)).answeredAt).toBe('2026-11-20T09:15:30.000Z');
  });

  it('a call without agent rings for everyone', () => {
    expect(journalEvents({ ...inbound, callType: 'Missed', agent: null }).every((e) => e.agents === null)).toBe(true);
  });
});

describe('journalCallId', () => {
  it('is the same for a retried post and differs for another call', () => {
    const id = journalCallId(inbound);
    expect(id).toMatch(/^3cx-[0-9a-f]{24}$/);
    expect(journalCallId({ ...inbound })).toBe(id);
    expect(journalCallId({ number: inbound.number, startedAt: '2026-11-20T09:15:00.999Z' })).toBe(id);
    expect(journalCallId({ ...inbound, startedAt: '2026-11-20T09:15:01.000Z' })).not.toBe(id);
    expect(journalCallId({ ...inbound, number: '00491701234567' })).not.toBe(id);
  });
});

describe('journalConversation: the note on the customer card', () => {
  it.each([
    ['Inbound', 'Anruf (3CX): angenommen', 'Eingehender Anruf, angenommen von Ben (Nebenstelle 21), Dauer 2:05 min.'],
    ['Missed', 'Anruf (3CX): verpasst', 'Eingehender Anruf, nicht angenommen, klingelte bei Ben (Nebenstelle 21).'],
    ['Outbound', 'Anruf (3CX): ausgehend', 'Ausgehender Anruf von Ben (Nebenstelle 21), Dauer 2:05 min.'],
    ['Notanswered', 'Anruf (3CX): nicht erreicht', 'Ausgehender Anruf von Ben (Nebenstelle 21), nicht erreicht.'],
  ] as const)('%s', (callType, subject, summary) => {
    const j = { ...inbound, callType };
    expect(journalConversation(j, 'Herr Jonas Welter')).toEqual({
      at: inbound.startedAt,
      channel: 'call',
      agent: 'Ben',
      contact: 'Herr Jonas Welter',
      subject,
      summary,
      result: null,
      followUp: null,
      callId: journalCallId(j),
    });
  });

  it('falls back to the extension when 3CX names no one', () => {
    const conv = journalConversation({ ...inbound, agentName: null });
    expect(conv).toMatchObject({ agent: '21', contact: null, summary: 'Eingehender Anruf, angenommen von Nebenstelle 21, Dauer 2:05 min.' });
  });
});

describe('durations', () => {
  it.each([
    ['42', 42],
    ['0', 0],
    ['00:02:05', 125],
    ['2:05', 125],
    ['01:00:00', 3600],
    ['00:02:05.1230000', 125],
    ['1.02:03:04', 93_784],
    ['200:00:00', undefined],
    ['8.00:00:00', undefined],
    ['00:61:00', undefined],
    ['-5', undefined],
    ['2 min', undefined],
  ] as const)('%j -> %s', (text, seconds) => {
    expect(parseDuration(text)).toBe(seconds);
  });

  it.each([
    [0, '0:00 min'],
    [125, '2:05 min'],
    [3725, '1:02:05 h'],
  ])('%i s reads %s', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });

  it('an empty or missing duration is a call of no length', () => {
    const base = { CallType: 'Missed', Number: '030 123', CallStartTimeUTC: '2026-11-20 09:15:00' };
    expect(parseJournal({ ...base, Duration: '' })).toMatchObject({ ok: true, value: { durationSeconds: 0 } });
    expect(parseJournal(base)).toMatchObject({ ok: true, value: { durationSeconds: 0, endedAt: '2026-11-20T09:15:00.000Z' } });
  });
});

describe('times', () => {
  it.each([
    ['2026-11-20 09:15:00', '2026-11-20T09:15:00.000Z'],
    ['2026-11-20T09:15:00', '2026-11-20T09:15:00.000Z'],
    ['2026-11-20T09:15:00Z', '2026-11-20T09:15:00.000Z'],
    ['2026-11-20T10:15:00+01:00', '2026-11-20T09:15:00.000Z'],
    ['2026-11-20 10:15:00 +0100', '2026-11-20T09:15:00.000Z'],
    ['2026-11-20 09.15.00', '2026-11-20T09:15:00.000Z'],
    ['20.11.2026 09:15:00', '2026-11-20T09:15:00.000Z'],
    ['11/20/2026 9:15:00 AM', '2026-11-20T09:15:00.000Z'],
    ['11/20/2026 12:05:00 AM', '2026-11-20T00:05:00.000Z'],
    ['11/20/2026 12:05:00 PM', '2026-11-20T12:05:00.000Z'],
    ['11/20/2026 9:15:00\u202fPM', '2026-11-20T21:15:00.000Z'],
    ['0001-01-01 00:00:00', null],
    ['1/1/0001 12:00:00 AM', null],
    ['2026-02-31 09:15:00', undefined],
    ['2026-13-01 09:15:00', undefined],
    ['11/20/2026 13:00:00 PM', undefined],
    ['gestern', undefined],
    ['', undefined],
  ] as const)('%j as UTC -> %s', (text, iso) => {
    expect(parseTime(text, 'utc')).toBe(iso);
  });

  it('local time without offset is read in the bridge zone, the PBX next to it', () => {
    expect(parseTime('2026-11-20 10:15:00', 'local')).toBe(new Date(2026, 10, 20, 10, 15, 0).toISOString());
    expect(parseTime('2026-11-20T10:15:00+01:00', 'local')).toBe('2026-11-20T09:15:00.000Z');
  });

  it('UTC wins over local time, and an end before the start is ignored', () => {
    const parsed = parseJournal({
      CallType: 'Inbound',
      Number: '030 123',
      Agent: '21',
      Duration: '10',
      CallStartTimeLocal: '1999-01-01 00:00:00',
      CallStartTimeUTC: '2026-11-20 09:15:00',
      CallEndTimeUTC: '2026-11-20 09:00:00',
    });
    expect(parsed).toMatchObject({ ok: true, value: { startedAt: '2026-11-20T09:15:00.000Z', endedAt: '2026-11-20T09:15:10.000Z' } });
  });
});

describe('bad input names the field', () => {
  const good = { CallType: 'Inbound', Number: '030 123', Agent: '21', Duration: '5', CallStartTimeUTC: '2026-11-20 09:15:00' };
  it.each([
    [{ ...good, CallType: undefined }, 'CallType'],
    [{ ...good, CallType: 'Intern' }, 'CallType'],
    [{ ...good, Number: undefined }, 'Number'],
    [{ ...good, Number: '1'.repeat(101) }, 'Number'],
    [{ ...good, Agent: ['21', '22'] }, 'Agent'],
    [{ ...good, Agent: { ext: 21 } }, 'Agent'],
    [{ ...good, Duration: '-1' }, 'Duration'],
    [{ ...good, CallStartTimeUTC: 'morgen' }, 'CallStartTimeUTC'],
    [{ ...good, CallStartTimeUTC: undefined, CallStartTimeLocal: '0001-01-01 00:00:00' }, 'CallStartTimeLocal'],
    [{ ...good, CallEndTimeLocal: '31.02.2026 10:00' }, 'CallEndTimeLocal'],
    [{ ...good, EntityId: 'x'.repeat(201) }, 'EntityId'],
    [{ ...good, CallType: 'Outbound', Agent: '' }, 'Agent'],
    ['CallType=Inbound', '(body)'],
    [null, '(body)'],
  ])('%j -> %s', (body, field) => {
    const parsed = parseJournal(body);
    expect(parsed).toMatchObject({ ok: false, field });
    if (!parsed.ok) expect(parsed.message.length).toBeGreaterThan(3);
  });

  it('accepts JSON numbers, repeated-once form keys and any letter case of names and types', () => {
    const parsed = parseJournal({ calltype: 'NOTANSWERED', NUMBER: ['030 123'], agent: 21, duration: 0, callstarttimeutc: '2026-11-20 09:15:00', Extra: 'ignored' });
    expect(parsed).toMatchObject({ ok: true, value: { callType: 'Notanswered', number: '030 123', agent: '21' } });
  });
});
