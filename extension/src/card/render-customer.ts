import type { CardMatch, Contact, CustomerCard } from '@ringside/shared';
import { contactDisplayName } from '@ringside/shared';
import { isBirthdayToday, roundAnniversary, yearsSince } from '../lib/format.js';
import { html, type SafeHtml } from '../lib/html.js';
import type { RenderContext } from './context.js';
import { headline } from './names.js';
import { renderDocuments } from './render-documents.js';
import { renderHistory } from './render-history.js';

/** How the card was found; null when the agent opened it from a search. */
export type MatchInfo = Pick<CardMatch, 'level' | 'phone' | 'contact'> | null;

function matchBadge(match: MatchInfo, ctx: RenderContext): SafeHtml | '' {
  if (!match) return '';
  return match.level === 'exact'
    ? html`<span class="badge exact">${ctx.t('card_match_exact')}</span>`
    : html`<span class="badge switchboard">${ctx.t('card_match_switchboard', match.phone.number)}</span>`;
}

function birthdays(card: CustomerCard, contact: Contact | null, ctx: RenderContext): SafeHtml[] {
  const people = contact ? [contact, ...card.contacts.filter((c) => c.id !== contact.id)] : card.contacts;
  return people
    .filter((p) => isBirthdayToday(p.birthday, ctx.today))
    .map((p) => {
      const name = contactDisplayName(p);
      const years = p.birthday && Number(p.birthday.slice(0, 4)) > 1900 ? yearsSince(p.birthday, ctx.today) : null;
      return html`<li class="moment birthday">${years ? ctx.t('card_birthday_age', [name, String(years)]) : ctx.t('card_birthday', name)}</li>`;
    });
}

function moments(card: CustomerCard, contact: Contact | null, ctx: RenderContext): SafeHtml | '' {
  const items = birthdays(card, contact, ctx);
  const years = roundAnniversary(card.customerSince, ctx.today);
  if (years) items.push(html`<li class="moment anniversary">${ctx.t('card_anniversary', String(years))}</li>`);
  return items.length ? html`<ul class="moments">${items}</ul>` : '';
}

function notes(card: CustomerCard, contact: Contact | null, ctx: RenderContext): SafeHtml | '' {
  const entries: SafeHtml[] = [];
  if (contact?.notes) entries.push(html`<li><span class="muted">${contactDisplayName(contact)}:</span> ${contact.notes}</li>`);
  if (card.notes) entries.push(html`<li>${card.notes}</li>`);
  if (!entries.length) return '';
  return html`<section class="notes" aria-labelledby="notes-title"><h2 id="notes-title">${ctx.t('card_notes')}</h2><ul>${entries}</ul></section>`;
}

/** The customer part of the card: the same on a ringing call and after a search. */
export function renderCustomer(card: CustomerCard, match: MatchInfo, ctx: RenderContext): SafeHtml {
  const contact = match?.contact ?? null;
  const head = headline(card, contact);
  return html`<article class="customer" data-customer-no="${card.customerNo}">
    <header>
      <h1 class="caller-name">${head.title}</h1>
      ${head.subtitle ? html`<div class="company">${head.subtitle}</div>` : ''}
      <div class="meta"><span class="customer-no">${ctx.t('card_customer_no', card.customerNo)}</span>${matchBadge(match, ctx)}</div>
    </header>
    ${moments(card, contact, ctx)}
    ${notes(card, contact, ctx)}
    ${renderDocuments(card.openDocuments, ctx)}
    ${renderHistory(card.conversations, ctx)}
  </article>`;
}
