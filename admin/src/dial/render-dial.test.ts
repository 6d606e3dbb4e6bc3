import type { DialSourceView } from '@ringside/shared';
import { describe, expect, it } from 'vitest';
import { translator } from '../i18n/i18n.js';
import { renderDialSource, renderTestDial } from './render-dial.js';

const fritz: DialSourceView = {
  source: 'fritzbox',
  ready: false,
  deviceHint: 'phone port as the box names it, e.g. "FON1: Büro"',
  numberStyle: 'dialed',
  fields: [
    { name: 'url', secret: false, required: true, multiline: false, value: 'http://fritz.box:49000', default: 'http://fritz.box:49000', set: true, lockedByEnv: false, envVar: 'RINGSIDE_DIAL_FRITZBOX_URL' },
    { name: 'username', secret: false, required: true, multiline: false, value: 'ringside', default: null, set: true, lockedByEnv: true, envVar: 'RINGSIDE_DIAL_FRITZBOX_USERNAME' },
    { name: 'password', secret: true, required: true, multiline: false, value: null, default: null, set: true, lockedByEnv: false, envVar: 'RINGSIDE_DIAL_FRITZBOX_PASSWORD' },
  ],
};
const ctx = (lang: 'de' | 'en') => ({ t: translator(lang), lang, now: 0 });

describe('dial settings in the console', () => {
  it('shows settings, never a secret, and names the variable that locks a field', () => {
    const out = renderDialSource(fritz, ctx('de')).html;
    expect(out).toContain('Fritz!Box (TR-064, Wählhilfe)');
    expect(out).toContain('Nicht eingerichtet');
    expect(out).toContain('value="http://fritz.box:49000"');
    expect(out).toMatch(/type="password"[^>]*value=""/);
    expect(out).toContain('RINGSIDE_DIAL_FRITZBOX_USERNAME');
    expect(out).not.toContain('name="username"');
  });

  it('says the phone system\'s answer in plain words, German and English', () => {
    const failed = { ok: false, message: 'the box refused the user name or password', detail: 'HTTP 401: 401 Unauthorized', dialed: '0302312574', failure: 'auth' };
    const de = renderTestDial(failed, 'FON1', ctx('de')).html;
    expect(de).toContain('Die Telefonanlage hat die Zugangsdaten abgelehnt');
    expect(de).toContain('Meldung: the box refused the user name or password');
    expect(de).toContain('Gewählt als 0302312574');
    const ok = { ok: true, message: 'the box rings "FON1" and then dials 0302312574', detail: null, dialed: '0302312574', failure: null };
    expect(renderTestDial(ok, 'FON1', ctx('en')).html).toContain('Accepted: “FON1” rings now, and once picked up 0302312574 is dialed.');
    expect(renderTestDial({ ...failed, failure: 'number_blocked' }, 'FON1', ctx('en')).html).toContain('This number cannot be dialed.');
  });
});
