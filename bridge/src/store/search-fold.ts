/**
 * German spelling folds for search. People write ß as ss and umlauts as ae/oe/ue (keyboards
 * without them, ERPs that store ASCII, e-mail addresses): `strasse` must find Straße and
 * `mueller` Müller, and the other way round. The index keeps each text as written (the trigram
 * tokenizer's remove_diacritics already lets `muller` find Müller) and adds its expanded form;
 * the query is expanded the same way, so a query with or without umlauts meets one of the two.
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
