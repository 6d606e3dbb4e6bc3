import type { CustomerCard, LookupResult } from '@ringside/shared';
import { formatDate, formatMoney } from '../lib/format.js';
import type { Translate } from '../lib/i18n-core.js';
import type { CallRecord } from '../lib/call-record.js';
import { headline } from './names.js';
import { documentKindLabel, isOverdue, sortDocuments } from './render-documents.js';

export interface NotificationText {
  title: string;
  message: string;
}

interface TextContext {
  t: Translate;
  locale: string;
  today: string;
}

/**
 * The one thing worth knowing before picking up: an overdue document beats a promised follow-up,
 * which beats any other open document.
 */
export function mostImportantItem(card: CustomerCard, ctx: TextContext): string | null {
  const docs = sortDocuments(card.openDocuments, ctx.today);
  const first = docs[0];
  const describe = (d: NonNullable<typeof first>) =>
    [documentKindLabel(d.kind, ctx.t), d.documentNo, d.amount !== null ? formatMoney(d.amount, d.currency, ctx.locale) : null]
      .filter(Boolean)
      .join(' ');
  if (first && isOverdue(first, ctx.today)) return `${ctx.t('doc_overdue_prefix')}: ${describe(first)}`;
  const followUp = card.conversations.find((c) => c.followUp !== null && c.followUp <= ctx.today);
  if (followUp?.followUp) {
    return ctx.t('notify_followup', [formatDate(followUp.followUp, ctx.locale), followUp.subject ?? followUp.result ?? '']).trim();
  }
  return first ? describe(first) : null;
}

function callerText(lookup: LookupResult | null, record: CallRecord, ctx: TextContext): NotificationText {
  const { t } = ctx;
  const number = record.call.from.display || record.call.from.raw;
  if (!lookup) return { title: record.call.callerName ?? number, message: number };
  switch (lookup.status) {
    case 'known': {
      const m = lookup.matches[0];
      if (!m) break;
      const head = headline(m.card, m.contact);
      const who = [head.company, head.person].filter(Boolean).join(' · ');
      const lines = [who, mostImportantItem(m.card, ctx)].filter((l): l is string => !!l);
      return { title: head.greeting, message: lines.join('\n') || number };
    }
    case 'ambiguous':
      return { title: number, message: t('card_match_ambiguous', String(lookup.matches.length)) };
    case 'withheld':
      return { title: t('caller_withheld'), message: t('call_ringing') };
    case 'internal':
      return { title: t('caller_internal', number), message: t('call_ringing') };
    default:
      break;
  }
  return { title: number, message: t('caller_unknown') };
}

/** Title and body of the system notification for a ringing call. */
export function notificationText(record: CallRecord, ctx: TextContext): NotificationText {
  return callerText(record.lookup, record, ctx);
}
