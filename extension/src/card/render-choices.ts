/**
 * Several contacts on one number, or the company's switchboard: the contacts to pick from, each
 * with role and direct dial. Picking one changes the greeting and the note's contact.
 */
import type { Contact } from '@ringside/shared';
import { html, type SafeHtml } from '../lib/html.js';
import type { RenderContext } from './context.js';
import { greetingOf } from './names.js';
import { emailLink, phoneLink } from './render-links.js';

function choice(c: Contact, picked: boolean, ctx: RenderContext): SafeHtml {
  const direct = c.phones.find((p) => !p.main) ?? c.phones[0];
  return html`<li class="${picked ? 'choice picked' : 'choice'}">
    <button type="button" class="choice-pick" data-action="pick-contact" data-contact-id="${String(c.id)}" aria-pressed="${String(picked)}">
      <strong>${greetingOf(c)}</strong>${c.role ? html` <span class="muted">· ${c.role}</span>` : ''}
    </button>
    <span class="choice-links">${direct ? phoneLink(direct) : ''}${c.email ? html` ${emailLink(c.email)}` : ''}</span>
  </li>`;
}

export function renderChoices(choices: readonly Contact[], pickedId: number | null, ctx: RenderContext): SafeHtml {
  return html`<section class="choices" aria-labelledby="choices-title">
    <h2 id="choices-title">${ctx.t('choices_title')}</h2>
    <ul>${choices.map((c) => choice(c, c.id === pickedId, ctx))}</ul>
    ${pickedId !== null ? html`<button type="button" class="link" data-action="pick-contact" data-contact-id="">${ctx.t('choices_someone_else')}</button>` : ''}
  </section>`;
}
