/**
 * The options page's "tel: links" section. Firefox registers dial.html from the manifest
 * (`protocol_handlers`) and asks the user on the first tel: click. Chromium has no such manifest
 * key for extensions, but lets extension pages call `navigator.registerProtocolHandler` for their
 * own URLs (crbug.com/64100); Chromium then shows its own "allow" prompt.
 */
import { browserFlavor } from '../lib/browser.js';
import { setHtml } from '../lib/dom.js';
import { html } from '../lib/html.js';
import type { Translate } from '../lib/i18n-core.js';

export function mountTelLinks(section: HTMLElement, t: Translate): void {
  const chromium = browserFlavor() === 'chromium';
  setHtml(
    section,
    html`<h2>${t('options_tel_title')}</h2>
      <p class="hint">${t('options_tel_hint')}</p>
      ${chromium
        ? html`<div class="actions"><button type="button" class="secondary" data-action="register-tel">${t('options_tel_register')}</button></div>
            <p class="message" role="status" data-role="tel-result"></p>`
        : html`<p class="hint">${t('options_tel_firefox')}</p>`}`,
  );
  section.addEventListener('click', (event) => {
    if (!(event.target as Element).closest('[data-action="register-tel"]')) return;
    const out = section.querySelector<HTMLElement>('[data-role="tel-result"]');
    try {
      navigator.registerProtocolHandler('tel', `${location.origin}/dial.html?uri=%s`);
      if (out) out.textContent = t('options_tel_registered');
    } catch (err) {
      if (out) out.textContent = t('options_tel_failed', (err as Error).message);
    }
  });
}
