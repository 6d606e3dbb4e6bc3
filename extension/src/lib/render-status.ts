import { html, type SafeHtml } from './html.js';
import type { Translate } from './i18n-core.js';
import type { BackgroundStatus } from './status.js';

/** The extension's own origin, as the bridge's allowlist spells it. */
export function ownOrigin(): string {
  return location.origin;
}

export function statusText(status: BackgroundStatus, t: Translate): string {
  if (status.connection === 'connected') return status.agent ? t('status_connected', status.agent.name) : t('status_connected_plain');
  if (status.connection === 'originRefused') return t('status_originRefused', ownOrigin());
  return t(`status_${status.connection}`);
}

export function renderStatus(status: BackgroundStatus, t: Translate, withOptionsLink: boolean): SafeHtml {
  const needsSetup = status.connection === 'signedOut' || status.connection === 'unconfigured' || status.connection === 'originRefused';
  return html`<span>${statusText(status, t)}</span>${withOptionsLink && needsSetup ? html`<button type="button" class="link" data-action="options">${t('open_options')}</button>` : ''}`;
}
