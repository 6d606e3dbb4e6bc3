import type { CustomerInput, PhoneInput } from '@ringside/shared';
import { normalizeStored, type NumberingConfig } from '../phone/normalize.js';
import type { NormalizedCustomer, NormalizedPhone } from '../store/store.js';

/** Normalize every number once, on write, so a lookup is an index probe and never a scan. */
export function normalizePhone(p: PhoneInput, numbering: NumberingConfig): NormalizedPhone {
  const { e164 } = normalizeStored(p.number, numbering);
  return { ...p, e164 };
}

export function normalizeCustomer(c: CustomerInput, numbering: NumberingConfig): NormalizedCustomer {
  return {
    ...c,
    phones: c.phones.map((p) => normalizePhone(p, numbering)),
    contacts: c.contacts.map((k) => ({ ...k, phones: k.phones.map((p) => normalizePhone(p, numbering)) })),
  };
}
