import type { PbxSecrets } from '../pbx/types.js';
import type { SecretCheck } from '../http/auth.js';

/** The secret that makes a vendor sign every request; with it set, the URL token is not the only proof. */
const SIGNATURE_SECRET: Readonly<Record<string, keyof PbxSecrets>> = {
  generic: 'genericSigningSecret',
  sipgate: 'sipgatePublicKey',
  placetel: 'placetelSecret',
  twilio: 'twilioAuthToken',
};

export interface TokenPolicyInput {
  /** `RINGSIDE_WEBHOOK_TOKEN_<SOURCE>` checks. */
  sourceTokens: Readonly<Record<string, SecretCheck>>;
  /** The shared `RINGSIDE_WEBHOOK_TOKEN` check. */
  shared: SecretCheck;
  /** Per source, read on each request: the console may set a signing secret at run time. */
  secretsFor: (source: string) => PbxSecrets;
}

export interface TokenDecision {
  check: SecretCheck;
  /** Why the shared token is not taken here, for the 401's message; null when it is. */
  refusal: string | null;
}

const never: SecretCheck = () => false;

/** The variable that gives one phone system a token of its own. */
export function sourceTokenVariable(source: string): string {
  return `RINGSIDE_WEBHOOK_TOKEN_${source.toUpperCase()}`;
}

/**
 * Which token opens which phone-system path. The shared token is the generic webhook's own.
 * As long as nothing stricter is configured it opens every source (how Ringside has always
 * worked). Once a per-source token or the generic signing secret is set, the installation has
 * said that the shared token is not enough: it then opens only the generic webhook (which with
 * the signing secret also needs a valid signature) and vendor paths whose requests are signed
 * (sipgate with its public key, Placetel with its secret, Twilio with its auth token). Every
 * other source needs its own token.
 */
export function tokenFor(source: string, input: TokenPolicyInput): TokenDecision {
  const own = input.sourceTokens[source];
  if (own) return { check: own, refusal: null };
  const strict = Object.keys(input.sourceTokens).length > 0 || Boolean(input.secretsFor('generic').genericSigningSecret);
  const signed = SIGNATURE_SECRET[source] !== undefined && Boolean(input.secretsFor(source)[SIGNATURE_SECRET[source]!]);
  if (!strict || source === 'generic' || signed) return { check: input.shared, refusal: null };
  const variable = sourceTokenVariable(source);
  return {
    check: never,
    refusal: `the shared webhook token no longer opens ${source} (a per-source token or the generic signing secret is set): give ${source} its own token with ${variable}`,
  };
}
