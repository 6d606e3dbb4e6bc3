import { answerText, type PlainResponse } from './http-request.js';
import { DialError } from './types.js';

/**
 * What a REST dial API's status means: 401/403 our credentials (or their scope), 408/504 a
 * timeout on their side, 409/423/486 a busy device (486 is SIP's "Busy Here", which HTTP
 * gateways of PBXs pass on), anything else a refusal in the vendor's words.
 */
export function failureOf(res: PlainResponse, system: string): DialError {
  const detail = answerText(res);
  switch (res.status) {
    case 401:
      return new DialError('auth', `${system} refused the credentials`, detail);
    case 403:
      return new DialError('auth', `${system} refused the request: the token lacks the right to start calls`, detail);
    case 408:
    case 504:
      return new DialError('timeout', `${system} timed out`, detail);
    case 409:
    case 423:
    case 486:
      return new DialError('busy', `${system}: the phone is busy`, detail);
    default:
      return new DialError('refused', `${system} refused the call (HTTP ${res.status})`, detail);
  }
}

/** The JSON of a success answer, or null when it is none. */
export function jsonOf(res: PlainResponse): Record<string, unknown> | null {
  try {
    const v = JSON.parse(res.body) as unknown;
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
