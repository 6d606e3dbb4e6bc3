import type { AgentInfo, CallView } from '@ringside/shared';
import { formatTime } from '../lib/format.js';
import { takenByMe } from '../lib/mine.js';
import { html, type SafeHtml } from '../lib/html.js';
import type { Translate } from '../lib/i18n-core.js';
import type { RenderContext } from './context.js';
import { textWithNowrap } from './nowrap-text.js';

export interface CallStateText {
  text: string;
  /** CSS modifier: ringing, mine, taken, ended, missed. */
  tone: 'ringing' | 'mine' | 'taken' | 'ended' | 'missed';
}

/** "Angenommen von Ben" for everyone else; the one who took it sees that it is theirs. */
export function describeCallState(call: CallView, me: AgentInfo | null, t: Translate): CallStateText {
  if (call.state === 'ringing') return { text: t('call_ringing'), tone: 'ringing' };
  const mine = takenByMe(call, me);
  const taker = call.answeredByName ?? call.answeredBy;
  if (call.state === 'answered') {
    if (mine) return { text: t('call_answered_by_me'), tone: 'mine' };
    return taker ? { text: t('call_answered_by', taker), tone: 'taken' } : { text: t('call_answered'), tone: 'taken' };
  }
  switch (call.outcome) {
    case 'missed':
      return { text: t('call_missed'), tone: 'missed' };
    case 'forwarded':
      return { text: t('call_forwarded'), tone: 'ended' };
    case 'not-reached':
      return { text: t('call_not_reached'), tone: 'ended' };
    case 'unknown-end':
      return { text: t('call_unknown_end'), tone: 'ended' };
    case 'blocked':
      return { text: t('call_blocked'), tone: 'ended' };
    default:
      if (mine || !taker) return { text: t('call_ended'), tone: 'ended' };
      return { text: t('call_ended_taken_by', taker), tone: 'ended' };
  }
}

export function renderCallState(call: CallView, ctx: RenderContext): SafeHtml {
  const state = describeCallState(call, ctx.me, ctx.t);
  const who = call.direction === 'in' ? textWithNowrap(ctx.t, 'call_from', call.from.display || call.from.raw) : textWithNowrap(ctx.t, 'call_to', call.to ?? '');
  return html`<div class="call-state ${state.tone}" role="status" aria-live="polite">
    <span class="call-who">${who}</span>
    <span class="call-time">${formatTime(call.startedAt, ctx.locale, ctx.timeZone)}</span>
    <strong class="call-status">${state.text}</strong>
  </div>`;
}
