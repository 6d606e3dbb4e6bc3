import { HttpError } from '../http/errors.js';
import type { DialError } from './types.js';

/** A phone system's refusal as the agent API answers it: status, code and the field to look at. */
export function httpErrorOf(err: DialError, source: string): HttpError {
  switch (err.failure) {
    case 'auth':
      return new HttpError('dial_auth_failed', `${err.message}: check the ${source} credentials in the admin console`, 'credentials');
    case 'busy':
      return new HttpError('device_busy', err.message, 'device');
    case 'timeout':
      return new HttpError('dial_timeout', err.message, 'source');
    case 'unreachable':
      return new HttpError('phone_system_unreachable', err.message, 'source');
    case 'not-configured':
      return new HttpError('cannot_dial', err.message, 'source');
    default:
      return new HttpError('dial_failed', err.message, 'number');
  }
}
