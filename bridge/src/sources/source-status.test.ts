import { describe, expect, it } from 'vitest';
import type { CallEvent } from '../calls/call-event.js';
import { SourceStatus, summarizeEvents } from './source-status.js';

// What the console's sources page shows as last event / last error, in the administrator's words.

function ev(kind: CallEvent['kind'], extra: Partial<CallEvent> = {}): CallEvent {
  return { kind, source: 'sipgate', callId: 'c1', from: '+49 30 1234567', to: '21', direction: 'in', agents: null, answeredBy: null, cause: null, at: null, linkedId: null, ...extra };
}

describe('summarizeEvents', () => {
  it('names a ringing inbound call with caller, target and the phones that ring', () => {
    expect(summarizeEvents([ev('ringing', { agents: ['21', '22'] })])).toBe('ringing in +49 30 1234567 -> 21 (21, 22)');
  });

  it('says who answered', () => {
    expect(summarizeEvents([ev('answered', { answeredBy: '22' })])).toBe('answered in +49 30 1234567 -> 21 answered by 22');
  });

  it('gives the hangup cause of an ended call', () => {
    expect(summarizeEvents([ev('ended', { cause: 'noAnswer' })])).toBe('ended in +49 30 1234567 -> 21 [noAnswer]');
  });

  it('shows a withheld caller and an unknown target instead of "null"', () => {
    const text = summarizeEvents([ev('ringing', { from: null, to: null })]);
    expect(text).toBe('ringing in withheld -> ?');
    expect(text).not.toContain('null');
  });

  it('marks outbound calls', () => {
    expect(summarizeEvents([ev('ringing', { direction: 'out', from: '21', to: '0221 4711' })])).toBe('ringing out 21 -> 0221 4711');
  });

  it('joins the events of one request in order', () => {
    const text = summarizeEvents([ev('answered', { answeredBy: '21' }), ev('ended', { cause: 'normalClearing' })]);
    expect(text).toBe('answered in +49 30 1234567 -> 21 answered by 21; ended in +49 30 1234567 -> 21 [normalClearing]');
  });

  it('says so when a request carried no call event', () => {
    expect(summarizeEvents([])).toBe('no call event (acknowledged)');
  });

  it('leaves out an empty agent list', () => {
    expect(summarizeEvents([ev('ringing', { agents: [] })])).toBe('ringing in +49 30 1234567 -> 21');
  });
});

describe('SourceStatus', () => {
  it('has nothing to show for a source that never sent anything', () => {
    const status = new SourceStatus();
    expect(status.lastEvent('sipgate')).toBeNull();
    expect(status.lastError('sipgate')).toBeNull();
  });

  it('keeps the last event and the last error of each source apart, stamped by the clock', () => {
    let now = new Date('2026-03-02T08:00:00.000Z');
    const status = new SourceStatus(() => now);
    status.event('sipgate', 'ringing in 030 1 -> 21', 'event=newCall');
    now = new Date('2026-03-02T08:00:05.000Z');
    status.error('placetel', 401, 'signature wrong', 'signature');
    now = new Date('2026-03-02T08:01:00.000Z');
    status.event('sipgate', 'ended in 030 1 -> 21', 'event=hangup');
    status.error('twilio', null, 'no such call');

    expect(status.lastEvent('sipgate')).toEqual({ at: '2026-03-02T08:01:00.000Z', summary: 'ended in 030 1 -> 21', content: 'event=hangup' });
    expect(status.lastError('sipgate')).toBeNull();
    expect(status.lastEvent('placetel')).toBeNull();
    expect(status.lastError('placetel')).toEqual({ at: '2026-03-02T08:00:05.000Z', status: 401, message: 'signature wrong', field: 'signature' });
    expect(status.lastError('twilio')).toEqual({ at: '2026-03-02T08:01:00.000Z', status: null, message: 'no such call', field: null });
  });

  it('keeps an error when a later event succeeds, so the administrator still sees it', () => {
    const status = new SourceStatus(() => new Date('2026-03-02T08:00:00Z'));
    status.error('generic', 400, 'from: not a phone number', 'from');
    status.event('generic', 'ringing in 1 -> 2', '{}');
    expect(status.lastError('generic')?.message).toBe('from: not a phone number');
  });

  it('keeps at most 4096 characters of content, marking the cut', () => {
    const status = new SourceStatus(() => new Date(0));
    const exact = 'x'.repeat(4096);
    status.event('generic', 's', exact);
    expect(status.lastEvent('generic')?.content).toBe(exact);
    status.event('generic', 's', `${'a'.repeat(4096)}TAIL`);
    const content = status.lastEvent('generic')!.content;
    expect(content).toBe(`${'a'.repeat(4096)}…`);
    expect(content).not.toContain('TAIL');
  });

  it('bounds error messages the same way', () => {
    const status = new SourceStatus(() => new Date(0));
    status.error('generic', 400, 'm'.repeat(10_000));
    expect(status.lastError('generic')!.message).toHaveLength(4097);
  });
});
