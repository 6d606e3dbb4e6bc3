import type { ApiError } from './api.js';
import type { Translate } from './i18n-core.js';

/** One sentence for the agent, naming what to do about it where there is something to do. */
export function describeApiError(error: ApiError, t: Translate): string {
  switch (error.kind) {
    case 'unreachable':
    case 'timeout':
      return t('error_unreachable');
    case 'originRefused':
      return t('error_origin_refused', error.origin);
    case 'aborted':
      return '';
    case 'unauthorized':
      return t('error_unauthorized');
    case 'notFound':
      return t('error_not_found');
    case 'invalid':
      return t('error_invalid', error.field ? `${error.field}: ${error.message}` : error.message);
    case 'notBridge':
      return t('error_not_bridge', String(error.status));
    case 'server':
      return t('error_server', String(error.status));
    case 'refused':
      return error.message;
  }
}
