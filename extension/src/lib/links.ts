/**
 * `tel:` and `mailto:` links for numbers and addresses on the card and in the side panel. The
 * href is built from the E.164 form where the bridge knows it (dialers handle `+49…` in every
 * country) and from the digits otherwise; anything that does not look like a number or an
 * address gets no link, so ERP text can never become some other kind of URL.
 */
import type { Phone } from '@ringside/shared';

export function telHref(phone: Pick<Phone, 'number' | 'e164'> | string): string | null {
  const raw = typeof phone === 'string' ? phone : (phone.e164 ?? phone.number);
  const dialable = raw.replace(/[\s()./-]/g, '');
  return /^\+?\d{3,20}$/.test(dialable) ? `tel:${dialable}` : null;
}

export function mailtoHref(email: string | null | undefined): string | null {
  if (!email) return null;
  const address = email.trim();
  return /^[^\s@<>"'`,;:]+@[^\s@<>"'`,;:]+\.[^\s@<>"'`,;:]+$/.test(address) ? `mailto:${encodeURIComponent(address).replace('%40', '@')}` : null;
}

