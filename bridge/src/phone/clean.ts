/**
 * First pass over number text: from whatever a phone system or a human wrote to either a verdict
 * (withheld, invalid) or a bare dial string of the form `+?[0-9*#]+`.
 */
export type Cleaned =
  | { kind: 'withheld' }
  | { kind: 'invalid' }
  | { kind: 'dialable'; plus: boolean; digits: string; star: boolean };

/** Longer text is not a phone number; the cap also bounds the work done on hostile input. */
const MAX_RAW_LENGTH = 120;

/** Compared lower-case with collapsed spaces; what PBXs, SIP trunks and carriers send for CLIR. */
const WITHHELD_WORDS = new Set([
  'anonymous',
  'anonym',
  'unknown',
  'unbekannt',
  'restricted',
  'private',
  'private number',
  'privat',
  'unavailable',
  'withheld',
  'blocked',
  'no caller id',
  'unknown caller',
  'unterdrückt',
  'rufnummer unterdrückt',
  'nicht verfügbar',
]);

// NFKC already turns NBSP and most exotic spaces into U+0020; these survive it.
const SPACES = /[\s\u180e\u200b-\u200d\u2060\ufeff]+/g;
const DASHES = /[\u2010-\u2015\u2212\ufe58\ufe63\uff0d]/g;
const URI = /^(?:tel|sips?|callto):(?:\/\/)?([^;@?]*)/i;
/** `"Name" <sip:...>` as SIP headers carry it. */
const BRACKETED = /<\s*((?:tel|sips?|callto):[^<>]*)>\s*$/i;

function decodePercent(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function stripUri(s: string): string {
  const bracketed = BRACKETED.exec(s);
  const uri = bracketed?.[1] ?? s;
  const m = URI.exec(uri);
  return m ? decodePercent(m[1] ?? '').trim() : s;
}

function countDigits(s: string): number {
  let n = 0;
  for (const ch of s) if (ch >= '0' && ch <= '9') n++;
  return n;
}

/**
 * German offices write the switchboard as `030 2312574-0`: the `-0` says "dial 0 for the
 * operator" and is not part of the main number. Only after a separator and a plausible number,
 * so `030 23125740` and `0800-0` stay as they are.
 */
function dropSwitchboardSuffix(s: string): string {
  const m = /\s*-\s*0$/.exec(s);
  if (!m) return s;
  const head = s.slice(0, m.index);
  return countDigits(head) >= 6 && /\d$/.test(head) ? head : s;
}

/**
 * Numbers as ERPs export them: ASCII digits, spaces, `-`, `/`, `.`, a leading `+`. For these the
 * Unicode folding, URIs, withheld words and brackets of cleanInFull() change nothing, so only
 * the switchboard suffix and the separators remain (clean.test.ts compares both paths).
 */
const PLAIN = /^\+?[0-9][0-9 ./-]*$/;

export function clean(input: string): Cleaned {
  if (input.length > MAX_RAW_LENGTH) return { kind: 'invalid' };
  if (!PLAIN.test(input)) return cleanInFull(input);
  const s = dropSwitchboardSuffix(input.trimEnd()).replace(/[ ./-]/g, '');
  const plus = s.startsWith('+');
  return { kind: 'dialable', plus, digits: plus ? s.slice(1) : s, star: false };
}

/** Any text, the general way; clean() is the entry point. */
export function cleanInFull(input: string): Cleaned {
  if (input.length > MAX_RAW_LENGTH) return { kind: 'invalid' };
  let s = input.normalize('NFKC').replace(SPACES, ' ').trim();
  s = stripUri(s);
  const word = s.toLowerCase().replace(/\s+/g, ' ').replace(/[.!]+$/, '');
  if (word === '' || word === '+' || WITHHELD_WORDS.has(word)) return { kind: 'withheld' };

  s = dropSwitchboardSuffix(s.replace(DASHES, '-'));
  s = s.replace(/\s+/g, '');
  // `+49 (0)30 ...`: the bracketed 0 is the national prefix, never dialled after a country code.
  // In national text `(0)30` it is the prefix itself and must stay.
  if (/^(?:\+|00)/.test(s)) s = s.replace(/\(0\)/g, '');
  s = s.replace(/[-./()[\]]/g, '');

  const m = /^(\+?)([0-9*#]+)$/.exec(s);
  if (!m) return { kind: 'invalid' };
  const plus = m[1] === '+';
  const body = m[2] ?? '';
  const star = /[*#]/.test(body);
  if (countDigits(body) === 0) return { kind: 'invalid' };
  if (plus && star) return { kind: 'invalid' };
  return { kind: 'dialable', plus, digits: body, star };
}
