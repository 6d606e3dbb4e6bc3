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
  if (phones.length < 2) return [...phones];
  const byKey = new Map<string, NormalizedPhone>();
  for (const p of phones) {
    const key = phoneKey(p);
    const seen = byKey.get(key);
    if (seen) byKey.set(key, { ...seen, label: seen.label ?? p.label, main: seen.main || p.main });
    else byKey.set(key, p);
  }
  return [...byKey.values()];
}

function normalizeAll(phones: PhoneInput[], numbering: NumberingConfig): NormalizedPhone[] {
  const normalized: NormalizedPhone[] = [];
  for (const p of phones) normalized.push(normalizePhone(p, numbering));
  return distinctPhones(normalized);
}

// Loops and module-level functions rather than closures: this runs for every record of a sync.
export function normalizeCustomer(c: CustomerInput, numbering: NumberingConfig): NormalizedCustomer {
  const phones = normalizeAll(c.phones, numbering);
  const contacts: NormalizedCustomer['contacts'] = [];
  for (const k of c.contacts) contacts.push({ ...k, phones: normalizeAll(k.phones, numbering) });
  return { ...c, phones, contacts };
}
