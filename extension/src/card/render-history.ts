import type { Conversation } from '@ringside/shared';
import { formatDate, formatDateTime } from '../lib/format.js';
import { html, type SafeHtml } from '../lib/html.js';
import type { RenderContext } from './context.js';

/** The call card shows at most five; the bridge sends the newest first. */
export const HISTORY_LIMIT = 5;

function conversationRow(c: Conversation, ctx: RenderContext): SafeHtml {
  const { t } = ctx;
  return html`<tr>
    <td class="nowrap">${formatDateTime(c.at, ctx.locale, ctx.timeZone)}</td>
    <td>${c.agent ?? '–'}${c.contact ? html`<div class="muted">${c.contact}</div>` : ''}</td>
    <td>${t(`channel_${c.channel}`) || c.channel}</td>
    <td><div class="subject">${c.subject ?? '–'}</div>${c.summary ? html`<div class="muted clamp">${c.summary}</div>` : ''}</td>
    <td>${c.result ?? '–'}${c.followUp ? html`<div class="followup">${t('history_followup', formatDate(c.followUp, ctx.locale))}</div>` : ''}</td>
  </tr>`;
}

export function renderHistory(conversations: readonly Conversation[], ctx: RenderContext): SafeHtml {
  const { t } = ctx;
  const rows = conversations.slice(0, HISTORY_LIMIT);
  return html`<section class="history" aria-labelledby="history-title">
    <h2 id="history-title">${t('card_history')}</h2>
    ${rows.length === 0
      ? html`<p class="muted">${t('card_history_empty')}</p>`
      : html`<table>
          <thead><tr><th>${t('history_when')}</th><th>${t('history_who')}</th><th>${t('history_channel')}</th><th>${t('history_subject')}</th><th>${t('history_result')}</th></tr></thead>
          <tbody>${rows.map((c) => conversationRow(c, ctx))}</tbody>
        </table>`}
  </section>`;
}
