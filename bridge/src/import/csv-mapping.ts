/**
 * Which CSV column holds what. German small-business exports (DATEV, Lexware, sevDesk, Outlook,
 * Excel lists kept by hand) name the same thing a dozen ways, so the guess works on a folded form
 * of the header and the user corrects what it got wrong.
 */
import type { ImportField } from '@ringside/shared';

/**
 * Target fields, with the German header the export writes (and the guess maps back). The field
 * names are the wire contract's (`IMPORT_FIELDS`, which the console's mapping step offers); the
 * `satisfies` makes a field missing here, or one the contract lacks, a compile error.
 */
export const FIELD_HEADERS = {
  customerNo: 'Kundennummer',
  company: 'Firma',
  salutation: 'Anrede',
  firstName: 'Vorname',
  lastName: 'Nachname',
  /** A full name in one column ("Hans Müller", "Müller, Hans"). */
  name: 'Name',
  role: 'Position',
  phone: 'Telefon',
  mobile: 'Mobil',
  phoneHome: 'Telefon privat',
  /** The company's switchboard: stored as a main number, so direct-dial extensions match it. */
  switchboard: 'Zentrale',
  /** Several numbers in one cell, separated by `|` or `,`. */
  otherPhones: 'Weitere Telefonnummern',
  email: 'E-Mail',
  birthday: 'Geburtstag',
  customerSince: 'Kunde seit',
  notes: 'Bemerkung',
  contactNotes: 'Bemerkung Ansprechpartner',
} as const satisfies Record<ImportField, string>;

export type Field = ImportField;
export type Target = Field | 'ignore';
/** `{ [header]: field | 'ignore' }`: what the user sees and may override. */
export type Mapping = Record<string, Target>;

export const FIELDS = Object.keys(FIELD_HEADERS) as Field[];
export const PHONE_FIELDS: readonly Field[] = ['switchboard', 'phone', 'mobile', 'phoneHome', 'otherPhones'];

export function isTarget(value: string): value is Target {
  return value === 'ignore' || Object.hasOwn(FIELD_HEADERS, value);
}

/** "Telefon geschäftlich" -> "telefongeschaeftlich", "Kd.-Nr." -> "kdnr". */
export function foldHeader(header: string): string {
  return header
    .normalize('NFKC')
    .toLowerCase()
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/ß/g, 'ss')
    .normalize('NFD')
    .replace(/[^a-z0-9]/g, '');
}

/**
 * First match wins, so the order carries meaning: fax before phone ("Telefax"), private/mobile
 * before plain phone, birthplace before birthday, contact notes before notes.
 */
const RULES: ReadonlyArray<[RegExp, Target]> = [
  // A fax machine never calls, and addresses/bank data have no place on the caller card.
  [/fax/, 'ignore'],
  [/geburtsort|geburtsname|birthplace|placeofbirth/, 'ignore'],
  [/^(strasse|street|adresse|address|anschrift|postleitzahl|postal|postcode|stadt|city|town|bundesland|country|region)/, 'ignore'],
  [/^(str|plz|zip|ort|land|state|hausnummer|hausnr)$/, 'ignore'],
  [/^(iban|bic|bank|ustid|steuer|vat|tax|website|homepage|webseite|url|www|internet)/, 'ignore'],
  [/^(kunde?n?|kd|cust(omer)?|client|debitor(en)?|account|acct|kontakt|contact)(nr|no|nummer|number|num|id|code|key)$/, 'customerNo'],
  [/^(kundennr|kdnr|knr|nr|nummer|no|number|id|debitor|customer|kunde)$/, 'customerNo'],
  [/mobil|handy|cell|funktel|smartphone/, 'mobile'],
  [/^(tel|telefon|phone|fon|rufnummer|festnetz)?(privat|priv|home|zuhause)(tel|telefon|phone|fon|rufnummer|festnetz)?\d*$/, 'phoneHome'],
  [/zentrale|switchboard|hauptnummer|hauptanschluss|mainphone|mainnumber|companymainphone/, 'switchboard'],
  [/weitere.*(telefon|nummer)|(other|more|additional)(phone|number)s?/, 'otherPhones'],
  [/^(tel|fon|phone|rufn|durchwahl|festnetz|anschluss|direktwahl)|telefon|phone|rufnummer|durchwahl/, 'phone'],
  [/mail/, 'email'],
  [/geburt|birth|bday|gebdat|gebtag|gebam/, 'birthday'],
  [/kundeseit|customersince|clientsince|kundeab|seit/, 'customerSince'],
  [/(ansprechpartner|kontakt|contact|person).*(bemerk|notiz|note|kommentar|comment|info|hinweis)/, 'contactNotes'],
  [/(bemerk|notiz|note|kommentar|comment|info|hinweis).*(ansprechpartner|kontakt|contact|person)/, 'contactNotes'],
  [/bemerk|notiz|note|kommentar|comment|^info|hinweis|memo|beschreibung|description/, 'notes'],
  [/anrede|salutation|^titel$|^title$|akademischergrad|^grad$|prefix|honorific/, 'salutation'],
  [/position|funktion|rolle|^role$|jobtitle|jobtitel|beruf|taetigkeit|abteilung|department/, 'role'],
  [/vorname|firstname|givenname|^first$|rufname|middlename|zweitervorname|weiterevornamen/, 'firstName'],
  [/nachname|lastname|surname|familienname|familyname|zuname|^last$/, 'lastName'],
  [/firma|firmen|company|unternehmen|organi[sz]ation|^org$|betrieb|gesellschaft|kundenname|business/, 'company'],
  [/^(name\d*|vollername|fullname|displayname|anzeigename|ansprechpartner|kontakt|kontaktperson|contact|contactname|person)$/, 'name'],
];

/** One header on its own; `guessMapping` then looks at the columns together. */
export function guessField(header: string): Target {
  const folded = foldHeader(header);
  if (!folded) return 'ignore';
  for (const [pattern, target] of RULES) if (pattern.test(folded)) return target;
  return 'ignore';
}

export function guessMapping(headers: readonly string[]): Mapping {
  const mapping: Mapping = {};
  for (const h of headers) mapping[h] = guessField(h);
  const targets = new Set(Object.values(mapping));
  // Next to a "Vorname" column, "Name" is the surname (the usual German form layout).
  if (targets.has('firstName')) {
    for (const h of headers) if (mapping[h] === 'name' && /^name\d*$/.test(foldHeader(h))) mapping[h] = 'lastName';
  }
  // Two customer-number columns: "Kundennummer" beats a bare "Nr"/"ID", which is then ignored
  // rather than fighting over the key.
  const keys = headers.filter((h) => mapping[h] === 'customerNo');
  if (keys.length > 1) {
    const weak = (h: string) => /^(nr|nummer|no|number|id)$/.test(foldHeader(h));
    const strong = keys.filter((h) => !weak(h));
    for (const h of keys) if (strong.length > 0 && weak(h)) mapping[h] = 'ignore';
  }
  return mapping;
}

/**
 * `Header=field` pairs from the command line (`--map "Tel. 2=mobile"`), applied on top of the
 * guess. Throws with a message naming what is wrong, for the CLI to print.
 */
export function applyOverrides(mapping: Mapping, pairs: readonly string[]): Mapping {
  const out: Mapping = { ...mapping };
  for (const pair of pairs) {
    const at = pair.lastIndexOf('=');
    const header = at > 0 ? pair.slice(0, at).trim() : '';
    const target = at > 0 ? pair.slice(at + 1).trim() : '';
    if (!header || !target) throw new Error(`--map "${pair}": use Header=field`);
    if (!isTarget(target)) throw new Error(`--map "${pair}": unknown field "${target}"; fields: ${[...FIELDS, 'ignore'].join(', ')}`);
    const known = Object.keys(out).find((h) => h === header) ?? Object.keys(out).find((h) => foldHeader(h) === foldHeader(header));
    if (known === undefined) throw new Error(`--map "${pair}": no column "${header}"; columns: ${Object.keys(out).join(', ')}`);
    out[known] = target;
  }
  return out;
}

/** Headers made unique and non-empty, so a mapping keyed by header can address every column. */
export function uniqueHeaders(raw: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return raw.map((h, i) => {
    const base = h.trim() || `Spalte ${i + 1}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base} (${n})`;
  });
}
