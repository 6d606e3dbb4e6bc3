import { describe, expect, it } from 'vitest';
import type { PbxSecrets } from '../pbx/types.js';
import { secretCheck } from '../http/auth.js';
import { tokenFor } from './token-policy.js';

const SHARED = 'shared-token-0123456789';
const OWN = 'zammad-token-0123456789';

function opens(source: string, token: string, env: { sourceTokens?: Record<string, string>; secrets?: Record<string, PbxSecrets> }): boolean {
  const decision = tokenFor(source, {
    shared: secretCheck(SHARED),
    sourceTokens: Object.fromEntries(Object.entries(env.sourceTokens ?? {}).map(([s, t]) => [s, secretCheck(t)])),
    secretsFor: (s) => env.secrets?.[s] ?? {},
  });
  return decision.check(token);
}

const SIGNING = { generic: { genericSigningSecret: 'whsec_x' } };

describe('which token opens which path', () => {
  it.each([
    // nothing stricter configured: the shared token opens every source, as before
    ['generic', SHARED, {}, true],
    ['zammad', SHARED, {}, true],
    ['3cx', SHARED, {}, true],
    ['sipgate', SHARED, {}, true],
    // the generic signing secret is set: the shared token is the generic webhook's (signed) only
    ['generic', SHARED, { secrets: SIGNING }, true],
    ['zammad', SHARED, { secrets: SIGNING }, false],
    ['3cx', SHARED, { secrets: SIGNING }, false],
    ['placetel', SHARED, { secrets: SIGNING }, false],
    // ...except vendor paths that verify their own signature
    ['placetel', SHARED, { secrets: { ...SIGNING, placetel: { placetelSecret: 'p' } } }, true],
    ['sipgate', SHARED, { secrets: { ...SIGNING, sipgate: { sipgatePublicKey: 'pem' } } }, true],
    ['twilio', SHARED, { secrets: { ...SIGNING, twilio: { twilioAuthToken: 't' } } }, true],
    // a per-source token: that source takes only its own, the others no longer the shared one
    ['zammad', OWN, { sourceTokens: { zammad: OWN } }, true],
    ['zammad', SHARED, { sourceTokens: { zammad: OWN } }, false],
    ['3cx', SHARED, { sourceTokens: { zammad: OWN } }, false],
    ['generic', SHARED, { sourceTokens: { zammad: OWN } }, true],
    // the way to keep a source on the shared token in strict mode: name it as its own token
    ['3cx', SHARED, { sourceTokens: { zammad: OWN, '3cx': SHARED } }, true],
  ] as const)('%s with %s and %j: %s', (source, token, env, expected) => {
    expect(opens(source, token, env as never)).toBe(expected);
  });

  it('names the variable to set when it refuses the shared token', () => {
    const d = tokenFor('zammad', { shared: secretCheck(SHARED), sourceTokens: {}, secretsFor: (s) => (SIGNING as Record<string, PbxSecrets>)[s] ?? {} });
    expect(d.refusal).toContain('RINGSIDE_WEBHOOK_TOKEN_ZAMMAD');
  });
});
