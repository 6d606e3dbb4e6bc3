import { IMPORT_FIELDS, type Contact, type CustomerCard, type Phone } from '@ringside/shared';
import type { Store } from '../store/store.js';
import { FIELD_HEADERS, type Field } from './csv-mapping.js';

/**
 * The columns, in order: every import field but `name` (a one-column full name the importer
 * splits; the export writes first and last name apart), so a re-import maps each one back.
 */
export const EXPORT_FIELDS: readonly Field[] = IMPORT_FIELDS.filter((f) => f !== 'name');

/** Excel reads a UTF-8 file as Windows-1252 unless it starts with a byte order mark. */
const BOM = '\uFEFF';
const EOL = '\r\n';

/** Page through customer numbers in key order, so any number of customers is never all in memory. */
export async function* keysetPages(
  fetchPage: (after: string | null, limit: number) => Promise<string[]>,
  pageSize = 500,
): AsyncGenerator<string> {
  let after: string | null = null;
  for (;;) {
    const page = await fetchPage(after, pageSize);
    yield* page;
    if (page.length < pageSize) return;
    after = page[page.length - 1]!;
  }
}

/**
 * All customers as a semicolon CSV that German Excel opens as it is, one row per contact (a
 * customer without contacts is one row). Company data and the company's numbers are on the
 * customer's first row; the importer merges the rows of one customer number back together.
 */
export async function* exportCustomersCsv(listCustomerNos: () => AsyncIterable<string>, store: Store): AsyncGenerator<string> {
  yield BOM + EXPORT_FIELDS.map((f) => cell(FIELD_HEADERS[f])).join(';') + EOL;
  for await (const no of listCustomerNos()) {
    const card = await store.customers.card(no, { conversations: 0 });
    // Deleted between listing and reading: nothing to write.
    if (!card) continue;
    let chunk = '';
    for (const row of customerRows(card)) chunk += EXPORT_FIELDS.map((f) => cell(row[f] ?? null)).join(';') + EOL;
    yield chunk;
  }
}

export function customerRows(card: CustomerCard): Array<Partial<Record<Field, string | null>>> {
  const contacts: Array<Contact | null> = card.contacts.length > 0 ? card.contacts : [null];
  return contacts.map((k, i) => ({
    customerNo: card.customerNo,
    company: card.company,
    customerSince: i === 0 ? germanDate(card.customerSince) : null,
    notes: i === 0 ? card.notes : null,
    salutation: k?.salutation ?? null,
    firstName: k?.firstName ?? null,
    lastName: k?.lastName ?? null,
    role: k?.role ?? null,
    email: k?.email ?? null,
    birthday: germanDate(k?.birthday ?? null),
    contactNotes: k?.notes ?? null,
    ...phoneColumns([...(i === 0 ? card.phones : []), ...(k?.phones ?? [])]),
  }));
}

const MOBILE_LABEL = /^(mobil|mobile|handy|cell|funk)/i;
const HOME_LABEL = /^(privat|private|home|zuhause)/i;

/** Each number into the column whose header the importer reads back with the same meaning. */
function phoneColumns(phones: Phone[]): Partial<Record<Field, string>> {
  const out: Partial<Record<Field, string>> = {};
  const other: string[] = [];
  for (const p of phones) {
    const label = p.label ?? '';
    const field: Field = p.main ? 'switchboard' : MOBILE_LABEL.test(label) ? 'mobile' : HOME_LABEL.test(label) ? 'phoneHome' : 'phone';
    if (out[field] === undefined) out[field] = p.number;
    else other.push(p.number);
  }
  if (other.length > 0) out.otherPhones = other.join(' | ');
  return out;
}

function germanDate(iso: string | null): string | null {
  const m = iso ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso) : null;
  return m ? `${m[3]}.${m[2]}.${m[1]}` : iso;
}

/**
 * A spreadsheet runs a cell starting with `=`, `+`, `-`, `@`, a tab or a CR as a formula (CSV
 * injection), so such text gets a leading `'`, which the importer takes off again. A phone
 * number such as `+49 30 2312574` cannot call anything and stays readable.
 *
 * A file is not always opened with the delimiter it was written with: a spreadsheet set to
 * another locale splits our `;` file at commas (or tabs), and then `see ticket,=HYPERLINK(…)`
 * starts a cell with `=`. So every place where another locale's delimiter or a line break is
 * followed by a formula character gets the same `'` (taken off by the importer too), and a cell
 * with `,` or a tab is quoted as well as one with `;`.
 */
export function cell(value: string | null): string {
  if (!value) return '';
  const v = `${FORMULA_START.test(value) ? "'" : ''}${value.replace(FORMULA_AFTER_DELIMITER, "$1'")}`;
  return /[";,\t\r\n]|^\s|\s$/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/**
 * `+`/`-` start a formula unless all that follows, to the end of the text, reads as a number
 * (`+49 30 2312574`, the `-22` of `030 2312574-21, -22`): in another locale's split the piece
 * after a sign runs on to wherever that locale's next delimiter is, so only the end is safe.
 */
const SIGN_NOT_NUMBER = String.raw`[+-](?![ ()./-]*\d[\d ()./-]*$)`;
const FORMULA_START = new RegExp(String.raw`^[ "]*(?:[=@\t\r]|${SIGN_NOT_NUMBER})`);
const FORMULA_AFTER_DELIMITER = new RegExp(String.raw`([,;\t\r\n][ "]*)(?=[=@]|${SIGN_NOT_NUMBER})`, 'g');
