import type { Conversation } from '@ringside/shared';
import { formatDate, formatDateTime } from '../lib/format.js';
import { html, type SafeHtml } from '../lib/html.js';
import type { RenderContext } from './context.js';

/** The call card shows at most five; the bridge sends the newest first. */
export const HISTORY_LIMIT = 5;

/**
 * A stacked entry, not a table row: at 360 px a five-column table squeezes every cell until
 * words break letter by letter. When · who · channel on one line, then what was said.
 */
function conversationEntry(c: Conversation, ctx: RenderContext): SafeHtml {
  const { t } = ctx;
  const who = [c.agent, c.contact].filter(Boolean).join(' → ');
  return html`<li class="conv">
    <div class="conv-head">
      <span class="nowrap">${formatDateTime(c.at, ctx.locale, ctx.timeZone)}</span>${who ? html` · <span>${who}</span>` : ''} · <span>${t(`channel_${c.channel}`) || c.channel}</span>
    </div>
    ${c.subject ? html`<div class="subject">${c.subject}</div>` : ''}
    ${c.summary ? html`<div class="summary clamp">${c.summary}</div>` : ''}
    ${c.result ? html`<div class="result">${c.result}</div>` : ''}
    ${c.followUp ? html`<div class="followup">${t('history_followup', formatDate(c.followUp, ctx.locale))}</div>` : ''}
  </li>`;
}

export function renderHistory(conversations: readonly Conversation[], ctx: RenderContext): SafeHtml {
  const { t } = ctx;
  const entries = conversations.slice(0, HISTORY_LIMIT);
  return html`<section class="history" aria-labelledby="history-title">
    <h2 id="history-title">${t('card_history')}</h2>
    ${entries.length === 0 ? html`<p class="muted">${t('card_history_empty')}</p>` : html`<ul class="conversations">${entries.map((c) => conversationEntry(c, ctx))}</ul>`}
  </section>`;
}
