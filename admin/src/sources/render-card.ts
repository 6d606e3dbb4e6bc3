/**
 * The card an agent would get for a lookup, as markup: who calls (greeting name, company,
 * customer number), which stored number matched, the last conversations and open documents.
 * Used by "send test call" so an administrator sees exactly what their colleagues will see.
 */
import type { CardMatch, CustomerCard, LookupResult } from '@ringside/shared';
import { contactDisplayName } from '../lib/contract.js';
import { formatDate, formatDateTime, formatMoney } from '../lib/format.js';
import { html, safeHref, type SafeHtml } from '../lib/html.js';
import type { RenderContext } from '../lib/context.js';

/** How to greet: the matched person, the one contact of a private customer, else the company. */
export function greetingName(match: Pick<CardMatch, 'card' | 'contact'>): { title: string; subtitle: string | null } {
  const card = match.card;
  const person = match.contact ?? (card.company === null ? (card.contacts[0] ?? null) : null);
  const name = person ? contactDisplayName(person) : '';
  if (name) return { title: name, subtitle: [card.company, person?.role].filter((p): p is string => !!p).join(' · ') || null };
  return { title: card.company ?? card.customerNo, subtitle: null };
}

function renderConversations(card: CustomerCard, ctx: RenderContext): SafeHtml {
  const { t, lang } = ctx;
  if (card.conversations.length === 0) return html`<p class="muted">${t('card_no_conversations')}</p>`;
  return html`<ul class="card-list conversations">${card.conversations.slice(0, 5).map(
    (c) => html`<li>
      <span class="muted">${formatDateTime(c.at, lang)} · ${t(`channel_${c.channel}` as const)}${c.agent ? ` · ${c.agent}` : ''}</span>
      <span>${c.subject ?? c.summary ?? '—'}${c.result ? html` <span class="muted">→ ${c.result}</span>` : ''}</span>
      ${c.followUp ? html`<span class="badge">${t('card_follow_up', { date: formatDate(c.followUp, lang) })}</span>` : ''}
    </li>`,
  )}</ul>`;
}

function renderDocuments(card: CustomerCard, ctx: RenderContext): SafeHtml {
  const { t, lang } = ctx;
  if (card.openDocuments.length === 0) return html`<p class="muted">${t('card_no_documents')}</p>`;
  return html`<ul class="card-list documents">${card.openDocuments.map((d) => {
    const href = safeHref(d.url);
    const number = href ? html`<a href="${href}" target="_blank" rel="noopener noreferrer">${d.documentNo}</a>` : d.documentNo;
    return html`<li>
      <span>${t(`doc_${d.kind}` as const)} ${number}${d.title ? ` · ${d.title}` : ''}</span>
      <span class="muted">${d.amount !== null ? formatMoney(d.amount, d.currency, lang) : ''}${d.due ? ` · ${t('card_due', { date: formatDate(d.due, lang) })}` : ''}</span>
      ${d.status === 'overdue' ? html`<span class="badge warn">${t('card_overdue')}</span>` : ''}
    </li>`;
  })}</ul>`;
}

function renderMatch(match: CardMatch, ctx: RenderContext): SafeHtml {
  const { t } = ctx;
  const head = greetingName(match);
  const card = match.card;
  const contact = match.contact;
  const matchedBy = match.level === 'exact' ? t('card_match_exact') : t('card_match_switchboard');
  return html`<article class="caller-card" data-customer-no="${card.customerNo}">
    <h4 class="caller-name">${head.title}</h4>
    ${head.subtitle ? html`<p class="caller-company">${head.subtitle}</p>` : ''}
    <p class="muted">${t('card_customer_no', { no: card.customerNo })}</p>
    <p class="matched-number">${t('card_matched_number', { number: match.phone.number })}${match.phone.label ? ` (${match.phone.label})` : ''} · ${matchedBy}</p>
    ${contact && (contact.email || contact.phones.length > 0)
      ? html`<p class="caller-contact">${[contact.email, ...contact.phones.map((p) => p.number)].filter((v): v is string => !!v).join(' · ')}</p>`
      : ''}
    ${contact?.notes ? html`<p class="note">${contact.notes}</p>` : ''}
    ${card.notes ? html`<p class="note">${card.notes}</p>` : ''}
    <h5>${t('card_conversations')}</h5>
    ${renderConversations(card, ctx)}
    <h5>${t('card_documents')}</h5>
    ${renderDocuments(card, ctx)}
  </article>`;
}

/** Every lookup outcome the bridge can report, including the ones without a customer. */
export function renderLookupCard(lookup: LookupResult, ctx: RenderContext): SafeHtml {
  const { t } = ctx;
  const number = lookup.number.display || lookup.number.raw;
  switch (lookup.status) {
    case 'known':
    case 'ambiguous':
      if (lookup.matches.length === 0) break;
      return html`<div class="caller" data-status="${lookup.status}">
        ${lookup.status === 'ambiguous' ? html`<p class="badge warn">${t('card_ambiguous', { count: lookup.matches.length })}</p>` : ''}
        ${lookup.matches.map((m) => renderMatch(m, ctx))}
      </div>`;
    case 'withheld':
      return html`<div class="caller" data-status="withheld"><h4 class="caller-name">${t('card_withheld')}</h4></div>`;
    case 'internal':
      return html`<div class="caller" data-status="internal"><h4 class="caller-name">${t('card_internal', { number })}</h4></div>`;
    case 'invalid':
      return html`<div class="caller" data-status="invalid"><h4 class="caller-name">${t('card_unknown')}</h4><p class="muted">${t('card_invalid', { number: lookup.number.raw })}</p></div>`;
    case 'unknown':
      break;
  }
  return html`<div class="caller" data-status="unknown"><h4 class="caller-name">${t('card_unknown')}</h4><p class="caller-number">${number}</p><p class="muted">${t('card_unknown_hint')}</p></div>`;
}
