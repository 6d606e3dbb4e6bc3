import { describe, expect, it } from 'vitest';
import type { ApiError } from '../lib/api.js';
import { testContext } from '../testing/render-context.js';
import { checkPairingInput, inputVerdict, meVerdict } from './connection-test.js';

const { t } = testContext();
const url = 'http://10.0.0.5:7070';

describe('connection test verdicts', () => {
  it('shows the agent name on success', () => {
    expect(meVerdict({ ok: true, value: { id: 'a', name: 'Ben', extensions: [] } }, url, t)).toEqual({ ok: true, text: 'Verbindung steht: angemeldet als Ben.' });
  });

  it.each<[string, ApiError, RegExp]>([
    ['unreachable', { kind: 'unreachable' }, /nicht erreichbar.*10\.0\.0\.5:7070/],
    ['token rejected', { kind: 'unauthorized' }, /Token abgelehnt \(401\)/],
    ['wrong URL', { kind: 'notBridge', status: 404 }, /keine Ringside-Bridge \(HTTP 404\)/],
    ['bridge error', { kind: 'server', status: 500 }, /HTTP 500/],
    ['no answer in time', { kind: 'timeout' }, /innerhalb von 5 Sekunden/],
    ['origin refused', { kind: 'originRefused', origin: 'moz-extension://2b3c' }, /dieser Browser \(moz-extension:\/\/2b3c\) ist dort nicht zugelassen/],
  ])('%s', (_name, error, text) => {
    const verdict = meVerdict({ ok: false, error }, url, t);
    expect(verdict.ok).toBe(false);
    expect(verdict.text).toMatch(text);
  });

  it('checks the input before asking anyone', () => {
    expect(checkPairingInput(' 10.0.0.5:7070/ ', ' tok ')).toEqual({ ok: true, bridgeUrl: url, token: 'tok' });
    expect(checkPairingInput('ftp://x', 'tok')).toEqual({ ok: false, reason: 'invalidUrl' });
    expect(checkPairingInput(url, ' ')).toEqual({ ok: false, reason: 'missingToken' });
    expect(inputVerdict('missingToken', t).ok).toBe(false);
  });
});
