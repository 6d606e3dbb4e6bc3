/** The answer to "send test call": the card, what the phone system would have sent, and what it got back. */
import type { TestCallResult } from '@ringside/shared';
import type { RenderContext } from '../lib/context.js';
import { html, type SafeHtml } from '../lib/html.js';
import { renderLookupCard } from './render-card.js';

export function requestText(r: TestCallResult['request']): string {
  return `${r.method} ${r.path}\nContent-Type: ${r.contentType}\n\n${r.body}`;
}

export function responseText(r: TestCallResult['response']): string {
  return `HTTP ${r.status}\nContent-Type: ${r.contentType}\n\n${r.body}`;
}

export function renderTestCall(result: TestCallResult, ctx: RenderContext): SafeHtml {
  const { t } = ctx;
  const call = result.call;
  const rings = call ? (call.agentIds.length > 0 ? t('test_rings_agents', { count: call.agentIds.length }) : t('test_rings_everyone')) : null;
  return html`<div class="test-call-result" data-ok="${result.error ? 'false' : 'true'}">
    ${result.error ? html`<p class="message error">${t('test_refused', { message: result.error })}</p>` : ''}
    ${call
      ? html`<p class="test-call-line">${t('test_call_line', { from: call.from.display || call.from.raw, to: call.to ?? '—', rings: rings ?? '' })}</p>`
      : ''}
    ${result.lookup
      ? html`<h4>${t('test_card_title')}</h4>${renderLookupCard(result.lookup, ctx)}`
      : result.error
        ? ''
        : html`<p class="muted">${t('test_no_card')}</p>`}
    <details class="test-request"><summary>${t('test_request')}</summary><pre>${requestText(result.request)}</pre></details>
    <details class="test-response"><summary>${t('test_response', { status: result.response.status })}</summary><pre>${responseText(result.response)}</pre></details>
  </div>`;
}
