/**
 * Words for identifiers the bridge sends as keys (URL purposes, secret names). Unknown keys fall
 * back to the key itself, so a new secret on the server still shows up, just untranslated.
 */
import type { Translate } from '../i18n/i18n.js';

export function urlPurposeLabel(purpose: string, t: Translate): string {
  switch (purpose) {
    case 'webhook':
      return t('url_webhook');
    case 'lookup':
      return t('url_lookup');
    case 'journal':
      return t('url_journal');
    case 'template':
      return t('url_template');
    default:
      return purpose;
  }
}

export function secretLabel(name: string, t: Translate): string {
  switch (name) {
    case 'placetelSecret':
      return t('secret_placetel');
    case 'twilioAuthToken':
      return t('secret_twilio');
    case 'sipgatePublicKey':
      return t('secret_sipgate');
    case 'basicAuth':
      return t('secret_basic_auth');
    case 'genericSigningSecret':
      return t('secret_generic_signing');
    default:
      return name;
  }
}

/** The environment variable that locks a secret, named in the read-only note. */
/** What to paste, per secret; the bridge refuses values its adapter could not verify with. */
export function secretHint(name: string, t: Translate): string | null {
  switch (name) {
    case 'basicAuth':
      return t('secret_basic_auth_hint');
    case 'genericSigningSecret':
      return t('secret_generic_signing_hint');
    case 'sipgatePublicKey':
      return t('secret_sipgate_hint');
    case 'placetelSecret':
      return t('secret_placetel_hint');
    case 'twilioAuthToken':
      return t('secret_twilio_hint');
    default:
      return null;
  }
}

export function secretEnvVar(name: string): string | null {
  switch (name) {
    case 'placetelSecret':
      return 'RINGSIDE_PLACETEL_SECRET';
    case 'twilioAuthToken':
      return 'RINGSIDE_TWILIO_AUTH_TOKEN';
    case 'sipgatePublicKey':
      return 'RINGSIDE_SIPGATE_PUBLIC_KEY';
    case 'basicAuth':
      return 'RINGSIDE_PBX_BASIC_AUTH';
    default:
      return null;
  }
}
