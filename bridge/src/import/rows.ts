import {
  customerInputSchema,
  customerNoSchema,
  parseWith,
  type ContactInput,
  type CustomerInput,
  type PhoneInput,
} from '@ringside/shared';
import { normalizeStored, type NumberingConfig } from '../phone/normalize.js';
import { PHONE_FIELDS, type Field, type Mapping } from './csv-mapping.js';

/** `field` is the target field ("email"), `column` the header the user knows it by ("E-Mail"). */
export interface RowError {
  line: number;
  field: string;
  column?: string;
  message: string;
}
export interface RowOk {
  ok: true;
  line: number;
  customerNo: string;
  input: CustomerInput;
}
export type RowResult = RowOk | ({ ok: false } & RowError);

/** One record's values by target field, in column order. */
export type FieldValues = Partial<Record<Field, string[]>>;
export type CompiledMapping = ReadonlyArray<readonly [index: number, field: Field]>;

export function compileMapping(headers: readonly string[], mapping: Mapping): CompiledMapping {
  const out: Array<readonly [number, Field]> = [];
  headers.forEach((h, i) => {
    const target = mapping[h];
    if (target && target !== 'ignore') out.push([i, target]);
  });
  return out;
}

/** The header each field came from, for error messages. */
export function columnsOf(mapping: Mapping): Partial<Record<Field, string>> {
  const out: Partial<Record<Field, string>> = {};
  for (const [header, target] of Object.entries(mapping)) if (target !== 'ignore' && !out[target]) out[target] = header;
  return out;
}

export function collect(values: readonly string[], compiled: CompiledMapping): FieldValues {
  const out: FieldValues = {};
  for (const [index, field] of compiled) {
    const v = values[index];
    if (v === undefined) continue;
    const c = cleanCell(v);
    if (c) (out[field] ??= []).push(c);
  }
  return out;
}

/**
 * The export guards formula-like text with `'` against spreadsheet injection, at the cell's start
 * and after another locale's delimiter inside it (export.ts, cell); take it off again.
 */
function cleanCell(v: string): string {
  const t = v.trim().replace(/([,;\t\r\n][ "]*)'(?=[=+\-@])/g, '$1');
  return /^'[ "]*[=+\-@\t\r]/.test(t) ? t.slice(1) : t;
}

const PHONE_LABELS: Partial<Record<Field, string>> = { mobile: 'mobil', phoneHome: 'privat', switchboard: 'Zentrale' };
/** `030 2312574-0`: a German switchboard written with its operator extension. */
const SWITCHBOARD_SUFFIX = /\d[\s]*[-\u2010-\u2015][\s]*0\s*$/;
const SURNAME_PARTICLES = new Set(['von', 'van', 'de', 'der', 'den', 'del', 'della', 'di', 'da', 'zu', 'zum', 'zur', 'vom', 'ten', 'ter', 'le', 'la']);
const SALUTATIONS: Record<string, string> = { herr: 'Herr', herrn: 'Herr', hr: 'Herr', frau: 'Frau', fr: 'Frau', mr: 'Mr', mrs: 'Mrs', ms: 'Ms' };
/** "Firma" in the salutation column addresses the company, not a person. */
const COMPANY_SALUTATIONS = new Set(['firma', 'fa', 'an', 'anfirma', 'company']);

function salutationOf(raw: string | null): string | null {
  if (!raw) return null;
  const key = raw.toLowerCase().replace(/[^a-zäöüß]/g, '');
  if (COMPANY_SALUTATIONS.has(key)) return null;
  return SALUTATIONS[key] ?? raw;
}

/** "Müller, Hans" and "Herr Dr. Hans von Müller" -> salutation, first name(s), surname. */
export function splitName(full: string): { salutation: string | null; firstName: string | null; lastName: string | null } {
  const comma = full.split(',').map((s) => s.trim());
  if (comma.length === 2 && comma[0] && comma[1]) return { salutation: null, firstName: comma[1], lastName: comma[0] };
  const words = full.split(/\s+/).filter(Boolean);
  let salutation: string | null = null;
  const lead = words[0]?.toLowerCase().replace(/\.$/, '');
  if (words.length > 1 && lead && SALUTATIONS[lead]) salutation = SALUTATIONS[lead]!;
  if (salutation) words.shift();
  if (words.length <= 1) return { salutation, firstName: null, lastName: words[0] ?? null };
  let i = words.length - 1;
  while (i > 1 && SURNAME_PARTICLES.has(words[i - 1]!.toLowerCase())) i--;
  return { salutation, firstName: words.slice(0, i).join(' '), lastName: words.slice(i).join(' ') };
}

/**
 * `14.03.1975`, `14.3.75`, `1975-03-14`, `19750314` (vCard), with or without a time after it.
 * `null` for an empty cell or a date without year (`--03-14`, `14.03.`), which the card cannot
 * store; `undefined` for text that is not a real calendar date.
 */
export function parseDate(raw: string | null | undefined, now = new Date()): string | null | undefined {
  const t = raw?.trim() ?? '';
  if (!t || /^--\d{2}-?\d{2}$/.test(t) || /^\d{1,2}\.\d{1,2}\.?$/.test(t)) return null;
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$/.exec(t) ?? /^(\d{4})(\d{2})(\d{2})(?:T.*)?$/.exec(t);
  let y: number, mo: number, d: number;
  if (m) [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  else if ((m = /^(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{2}|\d{4})(?:,?\s.*)?$/.exec(t))) {
    [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (m[3]!.length === 2) {
      // Two-digit years: the most recent one that is not in the future (a birthday `14.3.75`).
      const century = Math.floor(now.getFullYear() / 100) * 100;
      y = century + y > now.getFullYear() ? century - 100 + y : century + y;
    }
  } else return undefined;
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (y < 1800 || y > 2200 || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return undefined;
  return `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** `T` + E.164 digits: the key of a customer without customer number, stable across re-imports. */
export function phoneKey(e164: string): string {
  return `T${e164.slice(1)}`;
}

/** A CSV record through the mapping into a customer, or the reason it cannot be one. */
export function mapRow(
  line: number,
  values: readonly string[],
  compiled: CompiledMapping,
  numbering: NumberingConfig,
  columns: Partial<Record<Field, string>> = {},
): RowResult {
  return buildRow(line, collect(values, compiled), numbering, columns);
}

export function buildRow(
  line: number,
  f: FieldValues,
  numbering: NumberingConfig,
  columns: Partial<Record<Field, string>> = {},
): RowResult {
  const fail = (field: Field | 'name', message: string): RowResult => {
    const column = field === 'name' ? undefined : columns[field];
    return column ? { ok: false, line, field, column, message } : { ok: false, line, field, message };
  };
  const text = (field: Field, sep = ' ') => f[field]?.join(sep) || null;
  const first = (field: Field) => f[field]?.[0] ?? null;

  const company = text('company');
  let salutation = salutationOf(text('salutation'));
  let firstName = text('firstName');
  let lastName = text('lastName');
  const full = text('name');
  if (full && !firstName && !lastName) {
    const split = splitName(full);
    ({ firstName, lastName } = split);
    salutation ??= split.salutation;
  }
  const email = first('email');
  const role = text('role');
  const contactNotes = text('contactNotes', '\n');
  const birthday = parseDate(first('birthday'));
  if (birthday === undefined) return fail('birthday', `"${first('birthday')}" is not a date (use 14.03.1975 or 1975-03-14)`);
  const customerSince = parseDate(first('customerSince'));
  if (customerSince === undefined) return fail('customerSince', `"${first('customerSince')}" is not a date (use 14.03.1975 or 1975-03-14)`);

  const person = Boolean(firstName || lastName);
  if (!company && !person) return fail('name', 'neither a company nor a name: a customer needs one of them');

  const customerPhones: PhoneInput[] = [];
  const contactPhones: PhoneInput[] = [];
  let keyE164: string | null = null;
  for (const field of PHONE_FIELDS) {
    for (const cell of f[field] ?? []) {
      const numbers = field === 'otherPhones' ? cell.split(/\s*[|,;\n]\s*/).filter(Boolean) : [cell];
      for (const number of numbers) {
        const main = field === 'switchboard' || (company !== null && SWITCHBOARD_SUFFIX.test(number));
        // Only a company has a switchboard; a person's own numbers belong on their contact.
        (main || !person ? customerPhones : contactPhones).push({ number, label: PHONE_LABELS[field] ?? null, main });
        keyE164 ??= normalizeStored(number, numbering).e164;
      }
    }
  }

  let customerNo = first('customerNo');
  if (customerNo) {
    const valid = parseWith(customerNoSchema, customerNo);
    if (!valid.ok) return fail('customerNo', `"${customerNo}": ${valid.message}`);
  } else if (keyE164) customerNo = phoneKey(keyE164);
  else return fail('customerNo', 'no customer number and no readable phone number: nothing to recognize the customer by on re-import');

  const contacts: ContactInput[] = [];
  if (person || email || birthday || role || contactNotes) {
    contacts.push({ salutation, firstName, lastName, role, email, birthday, notes: contactNotes, phones: contactPhones });
  }
  const candidate = { company, notes: text('notes', '\n'), customerSince, phones: customerPhones, contacts };
  const parsed = parseWith(customerInputSchema, candidate);
  if (!parsed.ok) {
    const field = fieldOfPath(parsed.field);
    const value = field === 'email' ? ` ("${email}")` : '';
    return fail(field, `${parsed.message}${value}`);
  }
  return { ok: true, line, customerNo, input: parsed.value };
}

/** `contacts.0.email` -> `email`: errors name the column, not the API path. */
function fieldOfPath(path: string): Field | 'name' {
  const parts = path.split('.');
  if (parts.includes('phones')) return 'phone';
  const last = parts[parts.length - 1] ?? '';
  if (parts[0] === 'contacts' && last === 'notes') return 'contactNotes';
  if (last === 'company' && parts.length === 1) return 'company';
  const known: Field[] = ['email', 'birthday', 'firstName', 'lastName', 'salutation', 'role', 'notes', 'customerSince'];
  return (known as string[]).includes(last) ? (last as Field) : 'name';
}
