/**
 * `dial.html?uri=tel:…` (a `tel:` link on any page, through the browser's protocol handler) or
 * `dial.html?number=…` (the context menu on selected text): dial it at once and say what happened.
 */
import { currentApi } from '../lib/client.js';
import { byId, setHtml } from '../lib/dom.js';
import { html } from '../lib/html.js';
import { localizePage, t } from '../lib/i18n.js';
import { phoneFromTelUri, phoneFromText } from './phone-text.js';
import { describeDialError, describeDialResult } from './dial-messages.js';

const params = new URLSearchParams(location.search);
const fromLink = params.has('uri');
const raw = fromLink ? params.get('uri') ?? '' : params.get('number') ?? '';
const number = fromLink ? phoneFromTelUri(raw) : phoneFromText(raw);
const main = byId('dial');

function show(text: string, kind: 'ok' | 'error' | 'pending', withFallback = false): void {
  setHtml(
    main,
    html`<p class="dial-number">${number ?? raw}</p>
      <p class="dial-feedback ${kind}" role="status">${text}</p>
      ${withFallback && number ? html`<p><a href="tel:${number.replace(/[^\d+*#]/g, '')}">${t('dial_fallback_tel')}</a></p>` : ''}
      <p><button type="button" class="secondary" data-action="close">${t('dial_close')}</button></p>`,
  );
}

main.addEventListener('click', (event) => {
  if ((event.target as Element).closest('[data-action="close"]')) window.close();
});

localizePage();
document.title = `${t('dial_page_title')} – Ringside`;

if (!number) show(t('dial_not_a_number', raw.slice(0, 60)), 'error');
else {
  show(t('dial_pending', number), 'pending');
  const api = await currentApi();
  if (!api) show(t('error_not_paired'), 'error');
  else {
    const result = await api.dial({ number });
    if (result.ok) show(describeDialResult(result.value, t), 'ok');
    // A tel: link that came from the browser must not be handed back to it (it would come here again).
    else show(describeDialError(result.error, t), 'error', !fromLink);
  }
}
document.documentElement.dataset.ready = 'true';
