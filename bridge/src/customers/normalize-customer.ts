import type { CustomerInput, PhoneInput } from '@ringside/shared';
import { normalizeStored, type NumberingConfig } from '../phone/normalize.js';
import type { NormalizedCustomer, NormalizedPhone } from '../store/store.js';

/** Normalize every number once, on write, so a lookup is an index probe and never a scan. */
export function normalizePhone(p: PhoneInput, numbering: NumberingConfig): NormalizedPhone {
  const { e164 } = normalizeStored(p.number, numbering);
  return { ...p, e164 };
}

/** What makes two numbers of one owner the same: the E.164, or the text when it is no number. */
export const phoneKey = (p: Pick<NormalizedPhone, 'e164' | 'number'>): string => p.e164 ?? p.number.trim();

/**
 * One entry per number, in first-seen order: `030 2312574` and `+49 30 2312574` on one contact
 * are one number. The first spelling stays; a label or main flag either entry had is kept.
 */
export function distinctPhones(phones: NormalizedPhone[]): NormalizedPhone[] {
  const byKey = new Map<string, NormalizedPhone>();
  for (const p of phones) {
    const key = phoneKey(p);
    const seen = byKey.get(key);
    if (seen) byKey.set(key, { ...seen, label: seen.label ?? p.label, main: seen.main || p.main });
    else byKey.set(key, p);
  }
  return [...byKey.values()];
}

export function normalizeCustomer(c: CustomerInput, numbering: NumberingConfig): NormalizedCustomer {
  const normalizeAll = (phones: CustomerInput['phones']) => distinctPhones(phones.map((p) => normalizePhone(p, numbering)));
  return {
    ...c,
    phones: normalizeAll(c.phones),
    contacts: c.contacts.map((k) => ({ ...k, phones: normalizeAll(k.phones) })),
  };
}
