/**
 * German spelling folds for search. People write ß as ss and umlauts as ae/oe/ue (keyboards
 * without them, ERPs that store ASCII, e-mail addresses): `strasse` must find Straße and
 * `mueller` Müller, and the other way round. The index keeps each text as written (folded:
 * `muller` finds Müller) and adds its expanded form; the query is expanded the same way, so a
 * query with or without umlauts meets one of the two.
 */
const EXPANSIONS: Readonly<Record<string, string>> = {
  ß: 'ss',
  ẞ: 'SS',
  ä: 'ae',
  ö: 'oe',
  ü: 'ue',
  Ä: 'Ae',
  Ö: 'Oe',
  Ü: 'Ue',
};
const EXPANDABLE = /[ßẞäöüÄÖÜ]/g;

/** ß -> ss, ä -> ae, ö -> oe, ü -> ue (both cases); composed or decomposed umlauts alike. */
export function foldGerman(text: string): string {
  // NFC first: a decomposed ü (u + U+0308, as macOS file names and some vCards carry it) is one ü.
  return text.normalize('NFC').replace(EXPANDABLE, (c, at: number, all: string) => {
    const out = EXPANSIONS[c]!;
    // MÜLLER -> MUELLER, not MUeLLER: in an all-caps word the added letter is a capital too.
    const next = all[at + 1] ?? '';
    return c !== c.toLowerCase() && next !== next.toLowerCase() ? out.toUpperCase() : out;
  });
}

/** The indexed text: the parts as written, then the expanded form of those that change. */
export function spellOutParts(parts: readonly string[]): string {
  const written = [...new Set(parts.filter(Boolean))];
  const known = new Set(written);
  const expanded = written.map(foldGerman).filter((p) => !known.has(p));
  return [...written, ...new Set(expanded)].join(' \u2022 ');
}

/** For the migration that re-indexes existing rows: the stored body plus its expanded parts. */
export function withExpandedParts(body: string): string {
  return spellOutParts(body.split(' \u2022 '));
}

/**
 * Case and diacritics folding of the indexed text and of every query, done here rather than by
 * the database so both stores find the same customers: PostgreSQL's lower() follows the
 * database's LC_CTYPE (a "C" database would not fold Ü) and unaccent also rewrites letters that
 * are not accented (ø -> o, æ -> ae, ł -> l); SQLite's own case folding in LIKE/GLOB is ASCII
 * only. Marks are dropped from Latin letters only (é -> e, ü -> u), as SQLite's trigram
 * `remove_diacritics 1` did.
 */
export function foldForSearch(text: string): string {
  return text
    .normalize('NFD')
    .replace(/(\p{Script=Latin})\p{M}+/gu, '$1')
    .normalize('NFC')
    .toLowerCase();
}
