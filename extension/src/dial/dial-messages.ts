import type { DialResult } from '@ringside/shared';
import type { ApiError } from '../lib/api.js';
import { describeApiError } from '../lib/api-errors.js';
import type { Translate } from '../lib/i18n-core.js';

/** The bridge's refusal codes (shared/src/dial.ts) in the agent's words. */
const CODES: Record<string, string> = {
  number_invalid: 'dial_error_invalid',
  number_internal: 'dial_error_internal',
  number_blocked: 'dial_error_blocked',
  no_device: 'dial_error_no_device',
  cannot_dial: 'dial_error_cannot_dial',
  device_busy: 'dial_error_busy',
  dial_auth_failed: 'dial_error_auth',
  dial_failed: 'dial_error_failed',
  phone_system_unreachable: 'dial_error_unreachable',
  dial_timeout: 'dial_error_timeout',
  rate_limited: 'dial_error_rate_limited',
};

export function describeDialResult(result: DialResult, t: Translate): string {
  return t(result.state === 'answered' ? 'dial_answered' : 'dial_ringing', result.display);
}

/** One sentence; the bridge's own message follows where it says more than the code. */
export function describeDialError(error: ApiError, t: Translate): string {
  if (error.kind === 'refused') {
    const key = CODES[error.code];
    if (key) return error.code === 'dial_failed' ? t(key, error.message) : t(key);
    return error.message;
  }
  return describeApiError(error, t);
}
