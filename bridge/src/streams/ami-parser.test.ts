import { readFileSync, readdirSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CallEvent } from '../calls/call-event.js';
import { parseAmiUrl } from './ami-client.js';
import { AmiDecoder, type AmiMessage } from './ami-decoder.js';
import { amiToCallEvents, createAmiState, deviceOf, mapHangupCause } from './ami-parser.js';

const dir = new URL('./fixtures/ami/', import.meta.url);
const fixtures = readdirSync(dir).filter((f) => f.endsWith('.txt'));
const load = (name: string) => readFileSync(new URL(name, dir), 'utf8');
const crlf = (text: string) => text.replace(/\r?\n/g, '\r\n');

function replay(chunks: string[], state = createAmiState()) {
  const decoder = new AmiDecoder();
  const messages = chunks.flatMap((c) => decoder.push(c));
  return { messages, events: messages.flatMap((m) => amiToCallEvents(m, state)) };
}

/** A channel event as Asterisk sends it, reduced to the fields the mapping reads. */
function ev(event: string, fields: Record<string, string>): AmiMessage {
  return { Event: event, CallerIDNum: '0301234567', Uniqueid: '100.1', Linkedid: '100.1', Exten: '4930123456', ...fields };
}

describe('AmiDecoder', () => {
  it('yields the banner, then a message per blank-line-terminated block', () => {
    const d = new AmiDecoder();
    expect(d.push('Asterisk Call Manager/7.0.3\r\nResponse: Success\r\nMessage: Authentication accepted\r\n\r\n')).toEqual([
      { Banner: 'Asterisk Call Manager/7.0.3' },
      { Response: 'Success', Message: 'Authentication accepted' },
    ]);
  });

  it('reassembles messages split anywhere, also between \\r and \\n', () => {
    const d = new AmiDecoder();
    const out = ['Event: Hang', 'up\r', '\nCause: 16\r\n', '\r', '\n'].flatMap((c) => d.push(c));
    expect(out).toEqual([{ Event: 'Hangup', Cause: '16' }]);
  });

  it.each([
    ['keeps colons inside values', 'Event: VarSet\nValue: a:b: c\n\n', [{ Event: 'VarSet', Value: 'a:b: c' }]],
    ['accepts a missing space after the colon', 'Event:Hangup\n\n', [{ Event: 'Hangup' }]],
    ['keeps the first of repeated keys', 'Event: X\nChanVariable: A=1\nChanVariable: B=2\n\n', [{ Event: 'X', ChanVariable: 'A=1' }]],
    ['ignores extra blank lines', '\n\n\nEvent: X\n\n\n\n', [{ Event: 'X' }]],
    ['skips lines without a key', 'Response: Follows\nsome output\n--END COMMAND--\n\n', [{ Response: 'Follows' }]],
    ['holds an unfinished block back', 'Event: X\nA: 1\n', []],
    ['treats the banner as a banner only once, at the start', 'Asterisk Call Manager/5.0.1\nAsterisk Call Manager/5.0.1\n\n', [{ Banner: 'Asterisk Call Manager/5.0.1' }]],
  ])('%s', (_name, input, expected) => {
    expect(new AmiDecoder().push(input)).toEqual(expected);
  });

  it('cuts a line that never ends instead of buffering it forever', () => {
    const d = new AmiDecoder();
    d.push(`Event: X\nJunk: ${'x'.repeat(20_000)}`);
    expect(d.push('\n\n')).toEqual([{ Event: 'X', Junk: 'x'.repeat(8192 - 'Junk: '.length) }]);
  });
});

describe('mapping helpers', () => {
  it.each([
    ['PJSIP/21-0000000a', '21'], ['SIP/22-00000012', '22'], ['PJSIP/anna-desk-0000001b', 'anna-desk'],
    ['Local/21@from-queue-00000001;1', '21'], ['Local/22@from-queue/n', '22'], ['PJSIP/21', '21'], ['SIP/23', '23'],
    ['', null], [undefined, null],
  ])('deviceOf(%j) = %j', (channel, device) => {
    expect(deviceOf(channel)).toBe(device);
  });

  it.each([
    ['16', true, 'normalClearing'], ['16', false, 'cancel'], ['0', false, 'cancel'], ['17', false, 'busy'],
    ['19', false, 'noAnswer'], ['21', false, 'noAnswer'], ['18', false, 'noAnswer'], ['1', false, 'notFound'],
    ['34', false, 'congestion'], ['42', true, 'congestion'], ['999', false, null], [undefined, true, null],
  ])('Cause %j (answered %s) -> %j', (cause, answered, expected) => {
    expect(mapHangupCause(cause, answered)).toBe(expected);
  });
});

describe('amiToCallEvents', () => {
  const run = (msgs: AmiMessage[], state = createAmiState()) => msgs.flatMap((m) => amiToCallEvents(m, state));
  const dial = (dest: string, extra: Record<string, string> = {}) =>
    ev('DialBegin', { DestChannel: dest, DestCallerIDNum: '<unknown>', DestExten: 's', ...extra });

  it.each<[string, Record<string, string>, string]>([
    ['the destination caller id', { DestCallerIDNum: '21' }, '21'],
    ['DestExten when the caller id only repeats the caller', { DestCallerIDNum: '0301234567', DestExten: '22' }, '22'],
    ['the device when neither says more', {}, '23'],
  ])('DialBegin names the agent by %s', (_name, extra, agent) => {
    const [e] = run([dial('PJSIP/23-00000001', extra)]);
    expect(e).toMatchObject({ kind: 'ringing', callId: '100.1', linkedId: '100.1', agents: [agent], from: '0301234567', source: 'asterisk' });
  });

  it('trusts the extension in a Local channel over its caller id (queues put their number there)', () => {
    expect(run([dial('Local/21@from-queue-00000001;1', { DestCallerIDNum: '600' })])[0]?.agents).toEqual(['21']);
  });

  it('rings each device once, even when a ring group dials through Local channels', () => {
    const events = run([
      dial('Local/21@from-internal-00000001;1'), dial('PJSIP/21-00000002', { DestCallerIDNum: '21', Uniqueid: '100.2' }),
      dial('Local/22@from-internal-00000003;1'),
    ]);
    expect(events.map((e) => e.agents)).toEqual([['21'], ['21', '22']]);
  });

  it('reports the answer once, and ignores failed dial attempts', () => {
    const events = run([
      dial('PJSIP/21-1'), dial('PJSIP/22-2', { DestCallerIDNum: '22' }),
      ev('DialEnd', { DestChannel: 'PJSIP/21-1', DestCallerIDNum: '21', DialStatus: 'CANCEL' }),
      ev('DialEnd', { DestChannel: 'PJSIP/22-2', DestCallerIDNum: '22', DialStatus: 'ANSWER' }),
      ev('AgentConnect', { Interface: 'PJSIP/22' }),
      ev('DialEnd', { DestChannel: 'PJSIP/21-1', DestCallerIDNum: '21', DialStatus: 'ANSWER' }),
    ]);
    expect(events.map((e) => [e.kind, e.answeredBy])).toEqual([['ringing', null], ['ringing', null], ['answered', '22']]);
  });

  it('ends the call only when its first channel hangs up', () => {
    const events = run([
      dial('PJSIP/21-1'),
      ev('Hangup', { Channel: 'PJSIP/21-1', Uniqueid: '100.2', Cause: '26' }),
      ev('Hangup', { Channel: 'PJSIP/trunk-0', Cause: '16' }),
      ev('Hangup', { Channel: 'PJSIP/trunk-0', Cause: '16' }),
    ]);
    expect(events.map((e) => [e.kind, e.cause])).toEqual([['ringing', null], ['ended', 'cancel']]);
  });

  it('queue: join rings everyone, the member interface answers, abandon ends it once', () => {
    const answered = run([ev('QueueCallerJoin', { Queue: 'support' }), ev('AgentConnect', { Interface: 'Local/22@from-queue/n', MemberName: 'Ben' })]);
    expect(answered.map((e) => [e.kind, e.agents, e.answeredBy])).toEqual([['ringing', null, null], ['answered', null, '22']]);
    const abandoned = run([ev('QueueCallerJoin', {}), ev('QueueCallerAbandon', {}), ev('Hangup', { Cause: '16' })]);
    expect(abandoned.map((e) => [e.kind, e.cause])).toEqual([['ringing', null], ['ended', 'cancel']]);
  });

  it.each([
    ['a call that never rang anyone', [ev('Newchannel', { Exten: '*97' }), ev('Hangup', { Cause: '16' })]],
    ['an answer for a call it never saw ring', [ev('DialEnd', { DestChannel: 'PJSIP/21-1', DialStatus: 'ANSWER' })]],
    ['messages without Linkedid', [{ Event: 'DialBegin', DestChannel: 'PJSIP/21-1' }]],
    ['responses and unrelated events', [{ Response: 'Success' }, ev('VarSet', {}), ev('Newstate', {}), ev('FullyBooted', {})]],
  ])('stays silent on %s', (_name, msgs) => {
    expect(run(msgs as AmiMessage[])).toEqual([]);
  });

  it('withheld callers (<unknown>) have from null', () => {
    expect(run([dial('PJSIP/21-1', { CallerIDNum: '<unknown>' })])[0]?.from).toBeNull();
  });

  it('uses the event Timestamp when Asterisk sends one', () => {
    expect(run([dial('PJSIP/21-1', { Timestamp: '1756130130.250000' })])[0]?.at).toBe('2025-08-25T13:55:30.250Z');
  });

  it('remembers at most max calls', () => {
    const state = createAmiState(10);
    for (let i = 0; i < 100; i++) amiToCallEvents(ev('DialBegin', { Linkedid: `L${i}`, Uniqueid: `L${i}`, DestChannel: 'PJSIP/21-1' }), state);
    expect(state.calls.size).toBe(10);
    expect([...state.calls.keys()][0]).toBe('L90');
  });
});

describe('amiToCallEvents: outbound', () => {
  const run = (msgs: AmiMessage[], state = createAmiState()) => msgs.flatMap((m) => amiToCallEvents(m, state));
  /** Anna's phone (PJSIP/21, caller id 21) starts a call in from-internal, dialing `exten`. */
  const phone = (exten: string, fields: Record<string, string> = {}) =>
    ev('Newchannel', { Channel: 'PJSIP/21-00000030', CallerIDNum: '21', Context: 'from-internal', Exten: exten, ...fields });
  const dialFromPhone = (dest: string, destContext: string, fields: Record<string, string> = {}) =>
    ev('DialBegin', { Channel: 'PJSIP/21-00000030', CallerIDNum: '21', Context: 'from-internal', Exten: '0302312574', DestChannel: dest, DestContext: destContext, DestExten: '0302312574', DestCallerIDNum: '4930123456', ...fields });
  const summary = (events: CallEvent[]) => events.map((e) => [e.kind, e.direction, e.from, e.to, e.agents, e.answeredBy]);

  it('a phone dialing a trunk is outbound to the dialed number, answered when the callee picks up', () => {
    const events = run([
      phone('0302312574'),
      dialFromPhone('PJSIP/telekom-00000031', 'from-pstn', { DialString: '0302312574@telekom' }),
      ev('DialEnd', { Channel: 'PJSIP/21-00000030', DestChannel: 'PJSIP/telekom-00000031', DestCallerIDNum: '4930123456', DialStatus: 'ANSWER' }),
      ev('Hangup', { Channel: 'PJSIP/21-00000030', Cause: '16' }),
    ]);
    expect(summary(events)).toEqual([
      ['ringing', 'out', '21', '0302312574', ['21'], null],
      ['answered', 'out', '21', '0302312574', ['21'], '21'],
      ['ended', 'out', '21', '0302312574', ['21'], '21'],
    ]);
    expect(events[2]?.cause).toBe('normalClearing');
  });

  it.each<[string, AmiMessage[]]>([
    ['a colleague (both phones in from-internal)', [phone('22'), dialFromPhone('PJSIP/22-00000031', 'from-internal', { Exten: '22', DestExten: '22', DestCallerIDNum: '22' })]],
    ['a ring group through Local channels', [phone('600'), dialFromPhone('Local/22@from-internal-00000001;1', 'from-internal', { Exten: '600', DestExten: '600', DestCallerIDNum: '22' })]],
    ['a call whose first channel is a trunk', [ev('Newchannel', { Context: 'from-pstn' }), ev('DialBegin', { DestChannel: 'PJSIP/other-trunk-1', DestContext: 'from-pstn', DestCallerIDNum: '21' })]],
  ])('%s stays inbound (to the one rung)', (_name, msgs) => {
    expect(run(msgs).map((e) => e.direction)).toEqual(['in']);
  });

  it('phone contexts are configurable: with only `phones`, from-internal is not a phone', () => {
    expect(run([phone('0302312574'), dialFromPhone('PJSIP/telekom-1', 'from-pstn')], createAmiState(10, ['phones']))[0]?.direction).toBe('in');
    expect(run([phone('0302312574', { Context: 'phones' }), dialFromPhone('PJSIP/telekom-1', 'from-pstn')], createAmiState(10, ['phones']))[0]?.direction).toBe('out');
  });

  it.each([
    ['the dial string (PJSIP)', { Exten: 's', DestExten: 's', DialString: '0401234567@telekom' }],
    ['the dial string (SIP peer/number)', { Exten: 's', DestExten: 's', DialString: 'telekom/0401234567' }],
    ['the trunk channel\'s inherited Exten', { Exten: 's', DestExten: '0401234567' }],
  ])('a FreePBX subroutine dial (Exten s) finds the number in %s', (_name, fields) => {
    const events = run([phone('s'), dialFromPhone('PJSIP/telekom-1', 'from-trunk', fields)]);
    expect(summary(events)).toEqual([['ringing', 'out', '21', '0401234567', ['21'], null]]);
  });

  it('the phone\'s own caller id names the agent, not the outbound caller id swapped in later', () => {
    const events = run([phone('0302312574', { Channel: 'PJSIP/anna-desk-00000030' }), dialFromPhone('PJSIP/telekom-1', 'from-pstn', { CallerIDNum: '4930123456' })]);
    expect(events[0]?.agents).toEqual(['21']);
  });

  it('an Originate\'d call is the device\'s, whatever caller id the action set; its own ringing pops nothing', () => {
    const originateLeg = { DestChannel: 'PJSIP/21-00000032', DestCallerIDNum: '0302312574', DestContext: 'from-internal', DestExten: 's', DestUniqueid: '200.1', DestLinkedid: '200.1' };
    const placed = { Channel: 'PJSIP/21-00000032', CallerIDNum: '0302312574', Context: 'from-internal', Exten: '0302312574', Uniqueid: '200.1', Linkedid: '200.1' };
    const events = run([
      // No Newchannel seen: the caller-less DialBegin alone marks the channel as originated.
      { Event: 'DialBegin', ...originateLeg, DialString: '21' },
      { Event: 'DialEnd', ...originateLeg, DialStatus: 'ANSWER' },
      { Event: 'DialBegin', ...placed, DestChannel: 'PJSIP/telekom-00000033', DestContext: 'from-pstn', DestExten: '0302312574', DestUniqueid: '200.2', DestLinkedid: '200.1' },
      { Event: 'DialEnd', ...placed, DestChannel: 'PJSIP/telekom-00000033', DialStatus: 'ANSWER' },
    ]);
    expect(summary(events)).toEqual([
      ['ringing', 'out', '21', '0302312574', ['21'], null],
      ['answered', 'out', '21', '0302312574', ['21'], '21'],
    ]);
  });

  it('a second trunk tried after the first, and answers on other legs, change nothing', () => {
    const events = run([
      phone('0302312574'),
      dialFromPhone('PJSIP/telekom-1', 'from-pstn'),
      ev('DialEnd', { Channel: 'PJSIP/21-00000030', DestChannel: 'PJSIP/telekom-1', DialStatus: 'CONGESTION' }),
      dialFromPhone('PJSIP/backup-2', 'from-pstn'),
      ev('DialEnd', { Channel: 'Local/x@y-1;2', Uniqueid: '100.9', DestChannel: 'PJSIP/backup-2', DialStatus: 'ANSWER' }),
      ev('AgentConnect', { Interface: 'PJSIP/22' }),
    ]);
    expect(summary(events)).toEqual([['ringing', 'out', '21', '0302312574', ['21'], null]]);
  });
});

describe('fixtures', () => {
  const expected = (name: string) => JSON.parse(load(name.replace(/\.txt$/, '.expected.json'))) as CallEvent[];

  it.each(fixtures)('%s replays to its expected events (LF and CRLF)', (name) => {
    expect(replay([load(name)]).events).toEqual(expected(name));
    const { messages, events } = replay([crlf(load(name))]);
    expect(events).toEqual(expected(name));
    expect(messages[0]).toHaveProperty('Banner');
    expect(messages[1]).toMatchObject({ Response: 'Success' });
  });

  it.each(fixtures)('%s gives the same events however the stream is chunked', (name) => {
    const text = crlf(load(name));
    fc.assert(
      fc.property(fc.array(fc.nat({ max: text.length }), { maxLength: 30 }), (cuts) => {
        const points = [0, ...[...cuts].sort((a, b) => a - b), text.length];
        expect(replay(points.slice(1).map((end, i) => text.slice(points[i], end))).events).toEqual(expected(name));
      }),
      { numRuns: 200 },
    );
  });
});

describe('robustness', () => {
  const key = fc.constantFrom('Event', 'Linkedid', 'Uniqueid', 'Channel', 'Context', 'Exten', 'DestChannel', 'DestCallerIDNum', 'DestExten', 'DestContext', 'DestUniqueid', 'DestLinkedid', 'DialString', 'DialStatus', 'Cause', 'Interface', 'Timestamp', 'CallerIDNum');
  const value = fc.oneof(fc.constantFrom('DialBegin', 'DialEnd', 'Hangup', 'QueueCallerJoin', 'AgentConnect', 'QueueCallerAbandon', 'ANSWER', '1', '16', 'Local/@;', 'PJSIP/-', '<unknown>', 'from-internal', 'from-pstn', 's', '0302312574', ''), fc.string({ maxLength: 10 }));
  const block = fc.array(fc.tuple(key, value), { maxLength: 8 }).map((kv) => kv.map(([k, v]) => `${k}: ${v}\r\n`).join('') + '\r\n');
  const chunk = fc.oneof(fc.string({ unit: 'binary', maxLength: 80 }), block);

  it('never throws on 10,000 arbitrary chunks, and state stays bounded', () => {
    const decoder = new AmiDecoder();
    const state = createAmiState(50);
    fc.assert(
      fc.property(chunk, (text) => {
        for (const msg of decoder.push(text)) {
          for (const e of amiToCallEvents(msg, state)) expect(e.callId).not.toBe('');
        }
        expect(state.calls.size).toBeLessThanOrEqual(50);
      }),
      { numRuns: 10_000 },
    );
  });
});

describe('parseAmiUrl', () => {
  it.each([
    ['ami://admin:s3cret@pbx.lan:5038', { host: 'pbx.lan', port: 5038, username: 'admin', secret: 's3cret' }],
    ['ami://admin:s3cret@10.0.0.5', { host: '10.0.0.5', port: 5038, username: 'admin', secret: 's3cret' }],
    ['ami://ring%40side:p%3Aw%40rd@pbx.lan:15038/', { host: 'pbx.lan', port: 15038, username: 'ring@side', secret: 'p:w@rd' }],
    ['ami://u:p@[fd00::5]:5038', { host: 'fd00::5', port: 5038, username: 'u', secret: 'p' }],
  ])('%s', (url, expected) => {
    expect(parseAmiUrl(url)).toEqual(expected);
  });

  it.each([
    ['pbx.lan:5038', /not a URL/], ['http://u:p@pbx.lan', /scheme must be ami:/], ['ami://pbx.lan:5038', /user and secret/],
    ['ami://u@pbx.lan', /user and secret/], ['ami://u:p@pbx.lan:99999', /not a URL/], ['ami://u:p@pbx.lan/x', /unexpected path/],
    ['ami://u:p%0D%0AAction:%20Logoff@pbx.lan', /line breaks/], ['ami://u:%E0%A4%A@pbx.lan', /percent-encoding/],
  ])('%s is an error', (url, error) => {
    const result = parseAmiUrl(url);
    expect(result).toHaveProperty('error');
    expect((result as { error: string }).error).toMatch(error);
  });
});
