import { normalizeIncoming, normalizeStored, type NumberingConfig } from '../phone/normalize.js';

/**
 * Numbers whose calls get the phone system's "reject" answer where it has one (Zammad, sipgate,
 * Placetel, Twilio). Matched on the normalized number, so any way of writing it works.
 */
export function createBlocklist(numbers: readonly string[], numbering: NumberingConfig): (raw: string | null) => boolean {
  const blocked = new Set<string>();
  for (const n of numbers) {
    const { e164 } = normalizeStored(n, numbering);
    if (!e164) throw new Error(`block list: "${n}" is not a phone number`);
    blocked.add(e164);
  }
  if (blocked.size === 0) return () => false;
  return (raw) => {
    const e164 = normalizeIncoming(raw, numbering).e164;
    return e164 !== null && blocked.has(e164);
  };
}
