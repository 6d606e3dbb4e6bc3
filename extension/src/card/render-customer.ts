import type { CardMatch, Contact, CustomerCard, PendingCallback } from '@ringside/shared';
import { contactDisplayName } from '@ringside/shared';
import { html, type SafeHtml } from '../lib/html.js';
import type { RenderContext } from './context.js';
import { foldable } from './fold.js';
import { greetingOf, headline } from './names.js';
import { textWithNowrap } from './nowrap-text.js';
import { renderAttention } from './render-attention.js';
import { renderChoices } from './render-choices.js';
import { renderDocuments } from './render-documents.js';
import { renderHistory } from './render-history.js';
import { emailLink, phoneLink } from './render-links.js';

/** How the card was found; null when the agent opened it from a search. */
export type MatchInfo = Pick<CardMatch, 'level' | 'phone' | 'contact' | 'choices'> | null;

export interface CustomerExtras {
  /** The caller's missed calls nobody returned yet (ringing message). */
  pendingCallbacks?: readonly PendingCallback[];
  /** The contact the agent picked from the match's choices. */
  chosenContactId?: number | null;
}

function matchBadge(match: MatchInfo, ctx: RenderContext): SafeHtml | '' {
  if (!match) return '';
  return match.level === 'exact'
    ? html`<span class="badge exact">${ctx.t('card_match_exact')}</span>`
    : html`<span class="badge switchboard">${textWithNowrap(ctx.t, 'card_match_switchboard', match.phone.number)}</span>`;
}

/** The contact the card greets: the picked choice, else the one whose number matched. */
export function greetedContact(match: MatchInfo, chosenContactId: number | null | undefined): Contact | null {
  const picked = chosenContactId != null ? match?.choices?.find((c) => c.id === chosenContactId) : undefined;
  return picked ?? match?.contact ?? null;
}

function notes(card: CustomerCard, contact: Contact | null, ctx: RenderContext): SafeHtml | '' {
  const entries: SafeHtml[] = [];
  if (contact?.notes) entries.push(html`<li><span class="muted">${contactDisplayName(contact)}:</span> ${foldable(contact.notes, ctx)}</li>`);
  if (card.notes) entries.push(html`<li>${foldable(card.notes, ctx)}</li>`);
  if (!entries.length) return '';
  return html`<section class="notes" aria-labelledby="notes-title"><h2 id="notes-title">${ctx.t('card_notes')}</h2><ul>${entries}</ul></section>`;
}

/**
 * Numbers and addresses to call or write back: the greeted contact's and the company's; with
 * nobody greeted and no choices above (a card opened from the search), every contact's.
 */
function contactDetails(card: CustomerCard, contact: Contact | null, choicesShown: boolean, ctx: RenderContext): SafeHtml | '' {
  const people = contact ? [contact] : choicesShown ? [] : card.contacts;
  const items: SafeHtml[] = [];
  for (const person of people) {
    if (!contact) items.push(html`<li class="contact-name"><strong>${greetingOf(person)}</strong>${person.role ? html` <span class="muted">· ${person.role}</span>` : ''}</li>`);
    for (const p of person.phones) items.push(html`<li>${phoneLink(p)}</li>`);
    if (person.email) items.push(html`<li>${emailLink(person.email)}</li>`);
  }
  for (const p of card.phones) items.push(html`<li>${phoneLink(p)}</li>`);
  if (!items.length) return '';
  return html`<section class="contact-details" aria-labelledby="contact-title"><h2 id="contact-title">${ctx.t('card_contact')}</h2><ul class="links">${items}</ul></section>`;
}

/**
 * The customer part of the card, the same on a ringing call and after a search. Order is what
 * the agent needs first: whom to greet, what to apologise for or mention, whom to pick, then
 * open items, notes, history, numbers.
 */
export function renderCustomer(card: CustomerCard, match: MatchInfo, ctx: RenderContext, extras: CustomerExtras = {}): SafeHtml {
  const contact = greetedContact(match, extras.chosenContactId);
  const head = headline(card, contact);
  return html`<article class="customer" data-customer-no="${card.customerNo}">
    <header class="greeting">
      <h1 class="caller-name">${head.greeting}</h1>
      ${head.person ? html`<div class="person">${head.person}</div>` : ''}
      ${head.company ? html`<div class="company">${head.company}</div>` : ''}
      <div class="meta"><span class="customer-no nowrap">${ctx.t('card_customer_no', card.customerNo)}</span>${matchBadge(match, ctx)}</div>
    </header>
    ${renderAttention(card, contact, extras.pendingCallbacks ?? [], ctx)}
    ${match?.choices?.length ? renderChoices(match.choices, contact?.id ?? null, ctx) : ''}
    ${renderDocuments(card.openDocuments, ctx)}
    ${notes(card, contact, ctx)}
    ${renderHistory(card.conversations, ctx)}
    ${contactDetails(card, contact, Boolean(match?.choices?.length), ctx)}
  </article>`;
}
