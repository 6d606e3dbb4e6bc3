import { describe, expect, it } from 'vitest';
import { translatorFrom } from '../lib/i18n-core.js';
import { renderCallList } from '../sidepanel/render-lists.js';
import { callView, number } from '../testing/fixtures.js';
import { localeMessages, testContext, textOf } from '../testing/render-context.js';
import { renderCardDial } from './card-dial.js';
import { renderDialButton } from './dial-button.js';
import { describeDialError, describeDialResult } from './dial-messages.js';

const missedEntry = { ...callView({ outcome: 'missed', state: 'ended' }), callbackPending: true, callbackDoneAt: null, callbackDoneBy: null, callbackResolution: null };

describe('call buttons', () => {
  it('ask the bridge where it can dial, carrying the missed call it returns', () => {
    const out = renderCallList([missedEntry], 'missed', testContext({ canDial: true })).html;
    expect(out).toContain('data-action="dial"');
    expect(out).toContain(`data-number="${missedEntry.from.e164}"`);
    expect(out).toContain(`data-call-id="${missedEntry.callId}"`);
    expect(out).toContain(`data-call-source="${missedEntry.source}"`);
  });

  it('fall back to a tel: link where no source can dial', () => {
    const out = renderDialButton({ number: number() }, testContext({ canDial: false })).toString();
    expect(out).toContain(`href="tel:${number().e164}"`);
    expect(out).not.toContain('data-action');
  });

  it('are left out for withheld and internal numbers, and escape what they carry', () => {
    expect(renderDialButton({ number: number({ kind: 'withheld', e164: null }) }, testContext({ canDial: true }))).toBe('');
    expect(renderDialButton({ number: number({ kind: 'internal', e164: null, raw: '21' }) }, testContext({ canDial: true }))).toBe('');
    const hostile = renderDialButton({ number: '030 "><img src=x>' }, testContext({ canDial: true }));
    expect(hostile.toString()).not.toContain('<img');
  });

  it('the card offers to call a missed caller back, in German and English', () => {
    const call = callView({ outcome: 'missed', state: 'ended' });
    expect(textOf(renderCardDial(call, testContext({ canDial: true })).html)).toBe(`Zurückrufen ${call.from.display} ☎`);
    const en = testContext({ canDial: true, t: translatorFrom(localeMessages('en')) });
    expect(textOf(renderCardDial(call, en).html)).toBe(`Call back ${call.from.display} ☎`);
    expect(renderCardDial(call, en).html).toContain(`aria-label="Call ${call.from.display}"`);
  });
});

describe('dial feedback', () => {
  const t = translatorFrom(localeMessages('de'));
  const en = translatorFrom(localeMessages('en'));

  it('says the phone rings now', () => {
    const result = { source: 'fritzbox' as const, state: 'ringing' as const, display: '030 2312574', dialed: '0302312574', detail: '' };
    expect(describeDialResult(result, t)).toBe('Ihr Telefon klingelt jetzt – nach dem Abheben wird 030 2312574 gewählt.');
    expect(describeDialResult(result, en)).toBe('Your phone rings now – pick up and 030 2312574 is dialed.');
  });

  it('names why not, by the bridge\'s code', () => {
    const refused = (code: string, message = 'x') => ({ kind: 'refused' as const, status: 422, code, message, field: null });
    expect(describeDialError(refused('no_device'), en)).toMatch(/No phone to dial from/);
    expect(describeDialError(refused('device_busy'), t)).toBe('Ihr Telefon ist besetzt.');
    expect(describeDialError(refused('dial_failed', 'UPnP error 501'), en)).toBe('The phone system refused: UPnP error 501');
    expect(describeDialError(refused('something_new', 'said the bridge'), en)).toBe('said the bridge');
    expect(describeDialError({ kind: 'unreachable' }, en)).not.toBe('');
  });
});
