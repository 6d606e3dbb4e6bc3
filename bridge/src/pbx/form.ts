/**
 * Request bodies as phone systems send them: url-encoded forms (sipgate, Placetel, Twilio,
 * Zammad), multipart forms (Zammad's own docs show `curl --form`) and JSON objects, read through
 * one `Fields` view so an adapter does not care which of them arrived.
 */

/** Decoded form: every key with all its values in arrival order (`user[]` repeats). */
export type FormMap = Map<string, string[]>;

export function decodeForm(body: string): FormMap {
  const out: FormMap = new Map();
  // URLSearchParams does the percent and `+` decoding and never throws on malformed escapes.
  for (const [key, value] of new URLSearchParams(body)) push(out, key, value);
  return out;
}

/**
 * Text fields of a multipart/form-data body; file parts are skipped. Small on purpose: PBXs send
 * a handful of short fields, and the parser only has to be safe on anything else.
 */
export function decodeMultipart(body: string, contentType: string): FormMap | null {
  const match = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const boundary = match?.[1] ?? match?.[2];
  if (!boundary) return null;
  const out: FormMap = new Map();
  const parts = body.split(`--${boundary}`);
  for (const part of parts.slice(1)) {
    if (part.startsWith('--')) break;
    const crlf = part.indexOf('\r\n\r\n');
    const headEnd = crlf >= 0 ? crlf : part.indexOf('\n\n');
    if (headEnd < 0) continue;
    const head = part.slice(0, headEnd);
    const name = /content-disposition:[^\r\n]*?;\s*name="([^"]*)"/i.exec(head)?.[1];
    if (name === undefined || /filename\*?=/i.test(head)) continue;
    const value = part.slice(headEnd + (crlf >= 0 ? 4 : 2)).replace(/\r?\n$/, '');
    push(out, name, value);
  }
  return out;
}

function push(map: FormMap, key: string, value: string): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** `application/x-www-form-urlencoded; charset=UTF-8` -> `application/x-www-form-urlencoded`. */
export function mediaType(headers: Record<string, string | undefined>): string | null {
  const value = headers['content-type'];
  if (typeof value !== 'string') return null;
  const type = value.split(';')[0]?.trim().toLowerCase() ?? '';
  return type === '' ? null : type;
}

export const FORM = 'application/x-www-form-urlencoded';
export const MULTIPART = 'multipart/form-data';

export function isJsonType(type: string | null): boolean {
  return type === 'application/json' || (type !== null && /^application\/[\w.+-]*\+json$/.test(type));
}

/** Read-only view of a request's fields, whatever the encoding. */
export interface Fields {
  /** The first listed name that has a non-blank value, trimmed. */
  text(...names: string[]): string | undefined;
  /** A number field as sent, minus surrounding blanks; '' when present but empty. */
  number(name: string): string | undefined;
  /** Every non-blank value of `name`, `name[]` and `name[0]`, `name[1]`, ... */
  list(name: string): string[];
}

export function formFields(map: FormMap): Fields {
  const values = (name: string): string[] => map.get(name) ?? [];
  return {
    text: (...names) => firstText(names.map((n) => values(n)[0])),
    number(name) {
      const raw = values(name)[0];
      if (raw === undefined) return undefined;
      // A `+` the sender forgot to encode arrives as a space (`from=+4930...`); numbers never
      // start with a blank, so this is the only reading that keeps what was meant.
      return (/^ \d/.test(raw) ? `+${raw.slice(1)}` : raw).trim();
    },
    list(name) {
      const out: string[] = [];
      for (const [key, list] of map) if (isListKey(key, name)) out.push(...list);
      return nonBlank(out);
    },
  };
}

/** JSON bodies: strings and numbers count as text, arrays as lists (`"user": ["A", "B"]`). */
export function jsonFields(obj: Record<string, unknown>): Fields {
  const get = (name: string): unknown => (Object.prototype.hasOwnProperty.call(obj, name) ? obj[name] : undefined);
  return {
    text: (...names) => firstText(names.map((n) => scalar(get(n)))),
    number: (name) => scalar(get(name))?.trim(),
    list(name) {
      const out: string[] = [];
      for (const key of Object.keys(obj)) {
        if (!isListKey(key, name)) continue;
        const value = obj[key];
        for (const item of Array.isArray(value) ? value : [value]) {
          const text = scalar(item);
          if (text !== undefined) out.push(text);
        }
      }
      return nonBlank(out);
    },
  };
}

function isListKey(key: string, name: string): boolean {
  return key === name || (key.startsWith(`${name}[`) && /^\[\d*\]$/.test(key.slice(name.length)));
}

function scalar(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  // Some PBXs send ids and numbers as JSON numbers; integers print without loss.
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  return undefined;
}

function firstText(candidates: (string | undefined)[]): string | undefined {
  for (const c of candidates) {
    const t = c?.trim();
    if (t) return t;
  }
  return undefined;
}

function nonBlank(values: string[]): string[] {
  return values.map((v) => v.trim()).filter((v) => v !== '');
}
