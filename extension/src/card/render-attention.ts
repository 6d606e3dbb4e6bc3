/**
 * What deserves an apology or a smile, right under the greeting: a missed call nobody returned,
 * overdue money, a birthday this week, a round anniversary as a customer.
 */
import type { Contact, CustomerCard, CustomerDocument, PendingCallback } from '@ringside/shared';
import { daysUntilBirthday, formatMoney, formatWhen, roundAnniversary, yearsSince } from '../lib/format.js';
import { html, type SafeHtml } from '../lib/html.js';
import type { RenderContext } from './context.js';
import { isOverdue } from './render-documents.js';
import { greetingOf } from './names.js';

export function missedCallsLine(pending: readonly PendingCallback[], ctx: RenderContext): string | null {
  const newest = [...pending].sort((a, b) => b.startedAt.localeCompare(a.startedAt))[0];
  if (!newest) return null;
  const when = formatWhen(newest.startedAt, ctx.today, ctx.locale, ctx.timeZone);
  return pending.length === 1 ? ctx.t('attention_missed_one', when) : ctx.t('attention_missed_many', [String(pending.length), when]);
}

/** Overdue totals per currency ("1.234,50 € + 300,00 CHF"): amounts in different currencies never add up. */
export function overdueLine(docs: readonly CustomerDocument[], ctx: RenderContext): string | null {
  const overdue = docs.filter((d) => isOverdue(d, ctx.today));
  if (overdue.length === 0) return null;
  const totals = new Map<string, number>();
  for (const d of overdue) if (d.amount !== null) totals.set(d.currency, (totals.get(d.currency) ?? 0) + d.amount);
  const money = [...totals].map(([currency, sum]) => formatMoney(Math.round(sum * 100) / 100, currency, ctx.locale)).join(' + ');
  if (overdue.length === 1) return ctx.t('attention_overdue_one', money || overdue[0]!.documentNo);
  return ctx.t('attention_overdue_many', [String(overdue.length), money || '–']);
}

function birthdayLine(person: Contact, ctx: RenderContext): string | null {
  const days = daysUntilBirthday(person.birthday, ctx.today);
  if (days === null) return null;
  const name = greetingOf(person);
  if (days === 0) {
    const known = person.birthday && Number(person.birthday.slice(0, 4)) > 1900;
    return known ? ctx.t('card_birthday_age', [name, String(yearsSince(person.birthday!, ctx.today))]) : ctx.t('card_birthday', name);
  }
  return days === 1 ? ctx.t('card_birthday_tomorrow', name) : ctx.t('card_birthday_in', [name, String(days)]);
}

export function renderAttention(card: CustomerCard, contact: Contact | null, pending: readonly PendingCallback[], ctx: RenderContext): SafeHtml | '' {
  const items: SafeHtml[] = [];
  const missed = missedCallsLine(pending, ctx);
  if (missed) items.push(html`<li class="attention-item missed">${missed}</li>`);
  const overdue = overdueLine(card.openDocuments, ctx);
  if (overdue) items.push(html`<li class="attention-item overdue">${overdue}</li>`);
  // The caller's own birthday first; other contacts' only when no person matched.
  const people = contact ? [contact] : card.contacts;
  for (const p of people) {
    const line = birthdayLine(p, ctx);
    if (line) items.push(html`<li class="attention-item moment birthday">${line}</li>`);
  }
  const years = roundAnniversary(card.customerSince, ctx.today);
  if (years) items.push(html`<li class="attention-item moment anniversary">${ctx.t('card_anniversary', String(years))}</li>`);
  return items.length ? html`<ul class="attention" aria-label="${ctx.t('card_attention')}">${items}</ul>` : '';
}
