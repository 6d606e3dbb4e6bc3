/**
 * "Verbindung testen": one clear sentence for every way pairing can fail. Pure, so each reason
 * is a table row in the tests rather than a manual check.
 */
import type { AgentInfo } from '@ringside/shared';
import type { ApiResult } from '../lib/api.js';
import { normalizeBridgeUrl } from '../lib/bridge-url.js';
import type { Translate } from '../lib/i18n-core.js';

export type PairingCheck =
  | { ok: true; bridgeUrl: string; token: string }
  | { ok: false; reason: 'invalidUrl' | 'missingToken' };

export function checkPairingInput(bridgeUrl: string, token: string): PairingCheck {
  const normalized = normalizeBridgeUrl(bridgeUrl);
  if (!normalized.ok) return { ok: false, reason: 'invalidUrl' };
  if (token.trim() === '') return { ok: false, reason: 'missingToken' };
  return { ok: true, bridgeUrl: normalized.url, token: token.trim() };
}

export interface TestVerdict {
  ok: boolean;
  text: string;
}

/** "Test connection" answers within this time, whatever the network does. */
export const TEST_TIMEOUT_MS = 5_000;

export function inputVerdict(reason: 'invalidUrl' | 'missingToken', t: Translate): TestVerdict {
  const key = { invalidUrl: 'test_invalid_url', missingToken: 'test_missing_token' }[reason];
  return { ok: false, text: t(key) };
}

export function meVerdict(result: ApiResult<AgentInfo>, bridgeUrl: string, t: Translate): TestVerdict {
  if (result.ok) return { ok: true, text: t('test_ok', result.value.name) };
  const error = result.error;
  switch (error.kind) {
    case 'unreachable':
    case 'aborted':
      return { ok: false, text: t('test_unreachable', bridgeUrl) };
    case 'timeout':
      return { ok: false, text: t('test_timeout', bridgeUrl) };
    case 'originRefused':
      return { ok: false, text: t('test_origin_refused', error.origin) };
    case 'unauthorized':
      return { ok: false, text: t('test_unauthorized') };
    case 'notBridge':
      return { ok: false, text: t('test_not_bridge', [bridgeUrl, String(error.status)]) };
    case 'notFound':
      return { ok: false, text: t('test_not_bridge', [bridgeUrl, '404']) };
    case 'invalid':
      return { ok: false, text: t('test_server', '400') };
    case 'server':
    case 'refused':
      return { ok: false, text: t('test_server', String(error.status)) };
  }
}
