/**
 * The call ringing right now, at the top of the side panel when it is open: the panel is an
 * extension page that is already drawn, so the caller's name is there one frame after the
 * background learns of the call, sooner than any window can open.
 */
import type { RenderContext } from '../card/context.js';
import { renderCaller } from '../card/render-caller.js';
import { renderCallState } from '../card/render-call-state.js';
import { html, type SafeHtml } from '../lib/html.js';
import type { CallRecord } from '../lib/call-record.js';

/** Ringing or in progress and inbound: what the panel shows above its lists. */
export function isCurrent(record: CallRecord): boolean {
  return record.call.direction === 'in' && record.call.state !== 'ended';
}

export function renderCurrentCall(record: CallRecord, ctx: RenderContext): SafeHtml {
  return html`<div data-card-id="${record.cardId}">
    ${renderCallState(record.call, ctx)}
    ${record.lookup
      ? renderCaller(record.lookup, null, ctx, { pendingCallbacks: record.pendingCallbacks ?? [] })
      : html`<h1 class="caller-name">${record.call.callerName ?? record.call.from.display}</h1>`}
  </div>`;
}
