import type { CallView } from '@ringside/shared';
import type { RenderContext } from '../card/context.js';
import { html, type SafeHtml } from '../lib/html.js';
import { renderDialButton } from './dial-button.js';

/**
 * The card's call-back line: the other party's number with its call button. A missed call's
 * button carries the call id, so the callback closes by itself once the callee answers.
 * Self-contained so the card layout can place it wherever it wants.
 */
export function renderCardDial(call: Pick<CallView, 'callId' | 'source' | 'from' | 'direction' | 'outcome'>, ctx: Pick<RenderContext, 't' | 'canDial'>): SafeHtml {
  const button = renderDialButton({ number: call.from, ...(call.outcome === 'missed' && { callId: call.callId, callSource: call.source }) }, ctx);
  if (!button) return html``;
  return html`<p class="card-dial"><span class="muted">${ctx.t('card_dial_back')}</span> <span class="nowrap">${call.from.display}</span> ${button}</p>`;
}

/** Re-render only when what the line shows changes, so "your phone rings now" stays visible. */
export function cardDialKey(call: Pick<CallView, 'callId' | 'from' | 'outcome'>, canDial: boolean | undefined): string {
  return JSON.stringify([call.callId, call.from.e164, call.outcome === 'missed', Boolean(canDial)]);
}
