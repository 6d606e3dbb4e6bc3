import ICAL from 'ical.js';
import { normalizeStored, type NumberingConfig } from '../phone/normalize.js';
import { guessField, type Field } from './csv-mapping.js';
import { boundedLines, detectEncoding, IMPORT_LIMITS, textStream, type ByteSource, type TextEncoding } from './decode.js';
import { buildRow, type FieldValues, type RowResult } from './rows.js';

/** jCard (RFC 7095) as ical.js returns it: `[name, params, type, ...values]`. */
type JProperty = [string, Record<string, string | string[]>, string, ...unknown[]];

/**
 * Address-book exports: one or many cards per file, vCard 3.0 (Apple, Google, Outlook) and 4.0.
 * The file is cut into cards at BEGIN/END lines and each card is parsed on its own by ical.js, so
 * a broken card is one error and the others still import, and a large file is never held whole.
 */
export async function* vcardRows(
  src: ByteSource,
  numbering: NumberingConfig,
  options: { encoding?: TextEncoding } = {},
): AsyncGenerator<RowResult> {
  // vCard 4.0 is always UTF-8; 3.0 exports from older Windows tools are not.
  const encoding = options.encoding ?? (await detectEncoding(src));
  const text = textStream(src, encoding);
  let card: string[] | null = null;
  let size = 0;
  let oversized = false;
  let start = 0;
  let n = 0;
  const { maxRecordChars } = IMPORT_LIMITS;
  try {
    for await (const line of boundedLines(text, IMPORT_LIMITS.maxLineChars)) {
      n++;
      const tag = line.trim().toUpperCase();
      if (tag === 'BEGIN:VCARD') {
        if (card || oversized) yield { ok: false, line: start, field: 'file', message: 'card has no END:VCARD' };
        card = [line.trim()];
        size = line.length;
        oversized = false;
        start = n;
      } else if (card || oversized) {
        // A card past the limit is dropped as it is read (one error for it), not collected.
        if (card && (size += line.length + 2) > maxRecordChars) {
          card = null;
          oversized = true;
        }
        card?.push(line);
        if (tag === 'END:VCARD') {
          yield card
            ? cardRow(card.join('\r\n'), start, numbering)
            : { ok: false, line: start, field: 'file', message: `card is larger than ${maxRecordChars.toLocaleString('en-US')} characters, the limit for one card` };
          card = null;
          oversized = false;
        }
      }
    }
    if (card || oversized) yield { ok: false, line: start, field: 'file', message: 'card has no END:VCARD' };
  } finally {
    text.destroy();
  }
}

/** One card's text (BEGIN to END) into the same row result a CSV row gives. */
export function cardRow(text: string, line: number, numbering: NumberingConfig): RowResult {
  const card = cardFields(text, numbering);
  if (!card.ok) return { ok: false, line, field: 'file', message: card.message };
  const f = card.fields;
  // The key is the customer number, else the first readable number (as for CSV); a card with
  // neither still has its UID, which is stable across exports of the same address book.
  if (!f.customerNo && !card.readableNumber && card.uid) {
    const key = uidKey(card.uid);
    if (key) f.customerNo = [key];
  }
  return buildRow(line, f, numbering);
}

export type CardFields =
  | { ok: true; fields: FieldValues; uid: string | null; readableNumber: boolean }
  | { ok: false; message: string };

/** One card's properties by import field; the caller decides what the customer key is. */
export function cardFields(text: string, numbering: NumberingConfig): CardFields {
  let props: JProperty[];
  try {
    const parsed = ICAL.parse(shimBareParams(text)) as unknown as [string, JProperty[], unknown[]];
    props = parsed[1];
  } catch (err) {
    return { ok: false, message: `not a readable vCard: ${err instanceof Error ? err.message : String(err)}` };
  }
  if (props.some(([, params]) => String(params.encoding ?? '').toUpperCase() === 'QUOTED-PRINTABLE')) {
    return { ok: false, message: 'quoted-printable text (vCard 2.1) is not supported: export as vCard 3.0 or 4.0' };
  }
  const f: FieldValues = {};
  const add = (field: Field, value: unknown) => {
    const v = typeof value === 'string' ? value.trim() : '';
    if (v) (f[field] ??= []).push(v);
  };
  let uid: string | null = null;
  let readableNumber = false;
  const emails: Array<{ value: unknown; pref: boolean }> = [];

  for (const [name, params, , ...values] of props) {
    const value = values[0];
    const types = typesOf(params);
    switch (name) {
      case 'n': {
        const [family, given, additional, prefix] = parts(value);
        add('lastName', family);
        add('firstName', [given, additional].filter(Boolean).join(' '));
        add('salutation', prefix);
        break;
      }
      case 'fn':
        add('name', value);
        break;
      case 'org':
        add('company', parts(value)[0]);
        break;
      case 'title':
      case 'role':
        add('role', value);
        break;
      case 'tel': {
        if (types.has('fax') || types.has('pager') || typeof value !== 'string') break;
        const number = telText(value);
        const field: Field = types.has('cell') ? 'mobile' : types.has('home') && !types.has('work') ? 'phoneHome' : 'phone';
        add(field, number);
        readableNumber ||= normalizeStored(number, numbering).e164 !== null;
        break;
      }
      case 'email':
        emails.push({ value, pref: types.has('pref') || params.pref === '1' });
        break;
      case 'bday':
        add('birthday', value);
        break;
      case 'note':
        add('notes', value);
        break;
      case 'uid':
        uid = typeof value === 'string' ? value : null;
        break;
      default:
        if (name.startsWith('x-') && guessField(name.slice(2)) === 'customerNo') add('customerNo', value);
    }
  }
  emails.sort((a, b) => Number(b.pref) - Number(a.pref));
  if (emails[0]) add('email', emails[0].value);
  // FN repeats N (or ORG, for a company card); it only stands in when there is no N.
  if (f.lastName || f.firstName) delete f.name;
  else if (f.company && f.name?.[0] === f.company[0]) delete f.name;
  return { ok: true, fields: f, uid, readableNumber };
}

function typesOf(params: Record<string, string | string[]>): Set<string> {
  const raw = params.type;
  const list = Array.isArray(raw) ? raw : raw ? [raw] : [];
  return new Set(list.flatMap((t) => t.toLowerCase().split(',')).map((t) => t.trim()));
}

/** Structured values (N, ORG) come as an array, or as a string when there is one component. */
function parts(value: unknown): string[] {
  if (Array.isArray(value)) return value.map((v) => (Array.isArray(v) ? v.join(' ') : String(v ?? '')));
  return typeof value === 'string' ? [value] : [];
}

/** `tel:+49-30-2312574;ext=21` -> `+49-30-2312574-21`: the raw text is what the card shows. */
function telText(value: string): string {
  const m = /^tel:([^;]*)(?:;.*?ext=([0-9]+))?/i.exec(value.trim());
  if (!m) return value.trim();
  return m[2] ? `${m[1]}-${m[2]}` : (m[1] ?? '');
}

/** `urn:uuid:4fbe8971-0bc3-...` -> `U4fbe8971-0bc3-...`, within the customer number's alphabet. */
export function uidKey(uid: string): string | null {
  const core = uid.replace(/^urn:uuid:/i, '').replace(/[^A-Za-z0-9._-]/g, '-').replace(/^-+|-+$/g, '');
  return core ? `U${core}`.slice(0, 64) : null;
}

/**
 * `TEL;CELL:` (bare type names, usual in vCard 2.1 and some 3.0 exports) -> `TEL;TYPE=CELL:`,
 * which is what ical.js accepts. Only in the part before the first `:` of an unfolded line.
 */
function shimBareParams(card: string): string {
  return card.replace(/^([A-Za-z0-9.-]+)((?:;[^:\r\n]*)?):/gm, (_all, name: string, params: string) => {
    const fixed = params.replace(/;([A-Za-z0-9-]+)(?=;|$)/g, ';TYPE=$1');
    return `${name}${fixed}:`;
  });
}
