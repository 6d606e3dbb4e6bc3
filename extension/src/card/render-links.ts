import type { Phone } from '@ringside/shared';
import { html, type SafeHtml } from '../lib/html.js';
import { mailtoHref, telHref } from '../lib/links.js';

/** A number as a `tel:` link that never breaks inside, with its label ("Durchwahl") before it. */
export function phoneLink(phone: Pick<Phone, 'number' | 'e164' | 'label'>): SafeHtml {
  const href = telHref(phone);
  const text = phone.label ? html`<span class="phone-label">${phone.label}</span> ` : '';
  return href ? html`<span class="phone">${text}<a class="nowrap" href="${href}">${phone.number}</a></span>` : html`<span class="phone">${text}<span class="nowrap">${phone.number}</span></span>`;
}

/** An address as a `mailto:` link; text only when it does not look like one. */
export function emailLink(email: string | null): SafeHtml | '' {
  const href = mailtoHref(email);
  return href ? html`<a class="email" href="${href}">${email}</a>` : email ? html`<span class="email">${email}</span>` : '';
}
