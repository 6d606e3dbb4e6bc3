import type { SettingsRepo } from './store/store.js';
import { generateToken, hashToken, tokenMatchesHash, tokensEqual } from './util/tokens.js';
import type { SecretCheck } from './http/auth.js';

export interface Secrets {
  admin: SecretCheck;
  webhook: SecretCheck;
  /** The webhook token in clear, for the URLs phone systems are given (it sits in URLs anyway). */
  webhookToken: string;
  /** Tokens generated on this start, to be printed once. */
  generated: { admin?: string; webhook?: string };
}

/**
 * Use the configured secrets, or generate them on first start and keep them. The admin token
 * is kept only as a hash: it is printed once and can be replaced by setting the variable.
 */
export async function resolveSecrets(
  configured: { adminToken: string | null; webhookToken: string | null },
  settings: SettingsRepo,
): Promise<Secrets> {
  const generated: Secrets['generated'] = {};
  let admin: SecretCheck;
  if (configured.adminToken) {
    const expected = configured.adminToken;
    admin = (given) => tokensEqual(given, expected);
  } else {
    let hash = await settings.get('admin_token_hash');
    if (!hash) {
      generated.admin = generateToken();
      hash = hashToken(generated.admin);
      await settings.set('admin_token_hash', hash);
    }
    const stored = hash;
    admin = (given) => tokenMatchesHash(given, stored);
  }
  let webhookToken = configured.webhookToken ?? (await settings.get('webhook_token'));
  if (!webhookToken) {
    webhookToken = generated.webhook = generateToken();
    await settings.set('webhook_token', webhookToken);
  }
  const expectedWebhook = webhookToken;
  return { admin, webhook: (given) => tokensEqual(given, expectedWebhook), webhookToken, generated };
}
