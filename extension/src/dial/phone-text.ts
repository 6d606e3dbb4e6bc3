/**
 * Which text is worth offering to dial: a selection on a web page, a `tel:` link. The bridge
 * normalizes and judges the number (internal, blocked, invalid); this only keeps obvious
 * non-numbers (a word, a date, a price) from reaching it.
 */

const MIN_DIGITS = 3;
const MAX_DIGITS = 20;

/** `+49 (30) 231 25-74`, `030/2312574`, `0049.30.2312574`; null for anything else. */
export function phoneFromText(text: string): string | null {
  const t = text.normalize('NFKC').replace(/\s+/g, ' ').trim();
  if (t.length === 0 || t.length > 40) return null;
  if (!/^\+?[\d ()./\-–]+$/.test(t)) return null;
  // A date (24.12.2026) or a time (14:02) is digits and dots too.
  if (/^\d{1,2}\.\d{1,2}\.\d{2,4}$/.test(t)) return null;
  const digits = t.replace(/\D/g, '').length;
  return digits >= MIN_DIGITS && digits <= MAX_DIGITS ? t.replace(/–/g, '-') : null;
}

/** `tel:+49-30-2312574;phone-context=…` (RFC 3966) -> `+49-30-2312574`; null when not a number. */
export function phoneFromTelUri(uri: string): string | null {
  let text = uri.trim();
  try {
    text = decodeURIComponent(text);
  } catch {
    return null;
  }
  const m = /^tel:(?:\/\/)?([^;?#]*)/i.exec(text);
  return m ? phoneFromText(m[1]!) : null;
}
