import { html, type SafeHtml } from './html.js';
import type { Translate } from './i18n-core.js';
import type { BackgroundStatus } from './status.js';

export function statusText(status: BackgroundStatus, t: Translate): string {
  if (status.connection === 'connected') return status.agent ? t('status_connected', status.agent.name) : t('status_connected_plain');
  return t(`status_${status.connection}`);
}

export function renderStatus(status: BackgroundStatus, t: Translate, withOptionsLink: boolean): SafeHtml {
  const needsSetup = status.connection === 'signedOut' || status.connection === 'unconfigured';
  return html`<span>${statusText(status, t)}</span>${withOptionsLink && needsSetup ? html`<button type="button" class="link" data-action="options">${t('open_options')}</button>` : ''}`;
}
