import { describe, expect, it } from 'vitest';
import type { CallListEntry } from '@ringside/shared';
import { callView, number } from '../testing/fixtures.js';
import { testContext, textOf } from '../testing/render-context.js';
import { noteTargets } from './note-targets.js';
import { renderCallList, renderSearchResults } from './render-lists.js';

const ctx = testContext();
const entry = (over: Partial<CallListEntry> = {}): CallListEntry => ({
  ...callView({ state: 'ended', outcome: 'missed' }),
  callbackPending: true,
  callbackDoneBy: null,
  callbackDoneAt: null,
  callbackResolution: null,
  ...over,
});

describe('side panel lists', () => {
  it('missed calls awaiting a callback get a checkbox, done ones say who called back', () => {
    const out = renderCallList([entry(), entry({ callId: 'c2', callbackPending: false, callbackDoneBy: 'Ben' })], 'missed', ctx).html;
    expect(out.match(/type="checkbox"/g)).toHaveLength(1);
    expect(out).toContain('value="c1"');
    expect(textOf(out)).toContain('zurückgerufen von Ben');
    expect(textOf(out)).toContain('Frau Anke Quellmalz (Welter Dach GmbH)');
  });

  it('says so when there is nothing', () => {
    expect(textOf(renderCallList([], 'missed', ctx).html)).toBe('Keine offenen Rückrufe.');
    expect(textOf(renderCallList([], 'today', ctx).html)).toBe('Heute noch keine Anrufe.');
  });

  it('shows withheld callers plainly', () => {
    const out = renderCallList([entry({ callerName: null, customerNo: null, from: number({ kind: 'withheld', raw: 'anonymous', e164: null, display: 'anonymous' }) })], 'today', ctx).html;
    expect(textOf(out)).toContain('Unterdrückt');
  });

  it('search results are selectable by customer number', () => {
    const out = renderSearchResults([{ customerNo: '10023', company: 'Welter Dach GmbH', displayName: 'Welter Dach GmbH', contacts: ['Frau Anke Quellmalz'], phones: ['030 2312574-0'] }], ctx).html;
    expect(out).toContain('data-customer-no="10023"');
    expect(textOf(out)).toContain('Kd.-Nr. 10023 · 030 2312574-0');
  });
});

describe('how a missed call came off the list', () => {
  it('says who called back, or that the caller reached us', () => {
    const done = (over: Partial<CallListEntry>) => textOf(renderCallList([entry({ callbackPending: false, callbackDoneAt: '2025-06-02T09:00:00Z', ...over })], 'today', ctx).html);
    expect(done({ callbackDoneBy: 'Ben', callbackResolution: 'called-back' })).toContain('zurückgerufen von Ben');
    expect(done({ callbackDoneBy: 'Ben', callbackResolution: 'caller-reached-us' })).toContain('Anrufer hat uns erreicht (Ben)');
  });
});

describe('note targets', () => {
  const me = { id: 'a1', name: 'Anna', extensions: ['21'] };
  it('offers the calls I took, newest first, and the open customer before them', () => {
    const calls = [
      entry({ callId: 'old', answeredBy: '21', answeredByAgentId: 'a1', outcome: 'answered', startedAt: '2025-06-02T07:00:00Z' }),
      // Taken through sipgate's own id for Anna: still hers, and the newest, so the default.
      entry({ callId: 'new', answeredBy: 'w0', answeredByAgentId: 'a1', outcome: 'answered', startedAt: '2025-06-02T08:00:00Z' }),
      entry({ callId: 'ben', answeredBy: '22', answeredByAgentId: 'a2', outcome: 'answered', startedAt: '2025-06-02T09:00:00Z' }),
      entry({ callId: 'nocustomer', answeredBy: '21', answeredByAgentId: 'a1', outcome: 'answered', customerNo: null }),
    ];
    expect(noteTargets(calls, me, null, 'de-DE', 'Europe/Berlin').map((t) => t.callId)).toEqual(['new', 'old']);
    expect(noteTargets(calls, me, { customerNo: '9', label: 'X' }, 'de-DE')[0]).toEqual({ customerNo: '9', label: 'X', callId: null, contact: null });
  });
});
