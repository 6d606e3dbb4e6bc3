import type { CallListEntry, CustomerSummary } from '@ringside/shared';
import type { RenderContext } from '../card/context.js';
import { summaryLine } from '../card/names.js';
import { describeCallState } from '../card/render-call-state.js';
import { formatTime } from '../lib/format.js';
import { html, type SafeHtml } from '../lib/html.js';
import { renderDialButton } from '../dial/dial-button.js';

export function callerLabel(call: Pick<CallListEntry, 'callerName' | 'from'>, ctx: RenderContext): string {
  if (call.callerName) return call.callerName;
  return call.from.kind === 'withheld' ? ctx.t('calls_withheld') : call.from.display || call.from.raw;
}

function entry(call: CallListEntry, kind: 'today' | 'missed', ctx: RenderContext): SafeHtml {
  const state = describeCallState(call, ctx.me, ctx.t);
  const label = callerLabel(call, ctx);
  // The list says how a missed call came off it: called back, or the caller got through later.
  const doneBy = call.callbackDoneBy
    ? ctx.t(call.callbackResolution === 'caller-reached-us' ? 'callback_caller_reached_us' : 'callback_done_by', call.callbackDoneBy)
    : null;
  return html`<li class="call-entry" data-call-id="${call.callId}">
    ${kind === 'missed' && call.callbackPending
      ? html`<input type="checkbox" name="callback" value="${call.callId}" aria-label="${ctx.t('callbacks_mark')}">`
      : html`<span></span>`}
    ${call.customerNo
      ? html`<button type="button" class="link" data-action="open-customer" data-customer-no="${call.customerNo}">${label}</button>`
      : html`<span>${label}</span>`}
    <span class="nowrap muted">${formatTime(call.startedAt, ctx.locale, ctx.timeZone)}</span>
    ${renderDialButton({ number: call.from, ...(call.callbackPending && { callId: call.callId, callSource: call.source }) }, ctx) || html`<span></span>`}
    <span class="state">${call.direction === 'out' ? '↗ ' : ''}${state.text}${doneBy ? html` · ${doneBy}` : ''}</span>
  </li>`;
}

export function renderCallList(calls: readonly CallListEntry[], kind: 'today' | 'missed', ctx: RenderContext): SafeHtml {
  if (calls.length === 0) return html`<p class="muted">${ctx.t(kind === 'today' ? 'calls_empty_today' : 'calls_empty_missed')}</p>`;
  return html`<ul class="results">${calls.map((c) => entry(c, kind, ctx))}</ul>`;
}

export function renderSearchResults(results: readonly CustomerSummary[], ctx: RenderContext): SafeHtml {
  if (results.length === 0) return html`<p class="muted">${ctx.t('search_no_results')}</p>`;
  return html`<ul class="results">${results.map(
    (r) => html`<li class="selectable" data-action="open-customer" data-customer-no="${r.customerNo}" tabindex="0">
      <span><strong>${summaryLine(r)}</strong><br><span class="muted">${ctx.t('card_customer_no', r.customerNo)}</span>${r.phones.slice(0, 2).map(
        (p) => html` <span class="nowrap muted">· ${p} ${renderDialButton({ number: p }, ctx)}</span>`,
      )}</span>
    </li>`,
  )}</ul>`;
}
