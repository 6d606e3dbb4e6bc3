import type { NumberInfo } from '@ringside/shared';
import type { RenderContext } from '../card/context.js';
import { html, type SafeHtml } from '../lib/html.js';

/** What a call button needs: the number, and the missed call it returns if there is one. */
export interface DialTarget {
  number: Pick<NumberInfo, 'kind' | 'e164' | 'display' | 'raw'> | string;
  callId?: string;
  callSource?: string;
}

function parts(number: DialTarget['number']): { dial: string; display: string; e164: string | null } | null {
  if (typeof number === 'string') return number.trim() ? { dial: number.trim(), display: number.trim(), e164: null } : null;
  if (number.kind !== 'number' || !number.e164) return null;
  return { dial: number.e164, display: number.display || number.e164, e164: number.e164 };
}

/**
 * The call button beside a number. Where the agent can dial through the phone system it asks
 * the bridge (`data-action="dial"`, handled by wireDialButtons); elsewhere it is a plain `tel:`
 * link for the desktop's own phone app. Nothing for withheld, internal or unreadable numbers.
 */
export function renderDialButton(target: DialTarget, ctx: Pick<RenderContext, 't' | 'canDial'>): SafeHtml | '' {
  const p = parts(target.number);
  if (!p) return '';
  const label = ctx.t('dial_button_label', p.display);
  if (!ctx.canDial) {
    const tel = p.e164 ?? p.dial.replace(/[^\d+*#]/g, '');
    return html`<a class="dial-button" href="tel:${tel}" title="${label}" aria-label="${label}">☎</a>`;
  }
  return html`<button type="button" class="dial-button" data-action="dial" data-number="${p.dial}" data-display="${p.display}"${
    target.callId ? html` data-call-id="${target.callId}"` : ''
  }${target.callSource ? html` data-call-source="${target.callSource}"` : ''} title="${label}" aria-label="${label}">☎</button>`;
}
