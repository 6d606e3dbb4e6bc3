/**
 * Layout checks that run inside a page (passed to `page.evaluate`): words split across lines
 * and horizontal overflow. A word is a run of non-space characters. A break right after a
 * hyphen or slash ("Mönchengladbach-/Rheydt") or at a soft hyphen, where German hyphenation
 * puts one and the browser then shows "-" ("Dachrinnen-/entwässerung", lib/hyphenate.ts), is a
 * line end as typesetting knows it, so the pieces between those are checked as words of their
 * own. A cut anywhere else ("Ann/a", "11.12.2/026") fails.
 */
export interface LayoutProblems {
  splitWords: string[];
  overflow: { scrollWidth: number; clientWidth: number; wide: string[] };
}

/** Runs in the browser: must not reference anything outside its own body. */
export function findLayoutProblems(): LayoutProblems {
  const doc = (globalThis as any).document;
  const splitWords: string[] = [];
  const walker = doc.createTreeWalker(doc.body, 4 /* NodeFilter.SHOW_TEXT */);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const text: string = node.data;
    const word = /[^\s\-/\u00ad]+[-/\u00ad]?/g;
    let m: RegExpExecArray | null;
    while ((m = word.exec(text))) {
      const range = doc.createRange();
      // Chromium reports the hyphen it draws at a line end as part of the range that follows
      // the break; start one character later there so that hyphen is not taken for a split.
      const afterBreak = m.index > 0 && /[-/\u00ad]/.test(text[m.index - 1]!);
      range.setStart(node, m.index + (afterBreak ? 1 : 0));
      range.setEnd(node, m.index + m[0].length);
      const rects = [...range.getClientRects()].filter((r: any) => r.width > 0 && r.height > 0) as any[];
      const lines: number[] = [];
      for (const r of rects) if (!lines.some((top) => Math.abs(top - r.top) < r.height / 2)) lines.push(r.top);
      if (lines.length > 1) splitWords.push(m[0]);
    }
  }
  const root = doc.documentElement;
  const width = root.clientWidth;
  const wide: string[] = [];
  for (const el of doc.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width > 0 && r.right > width + 1) wide.push(`${el.tagName.toLowerCase()}.${[...el.classList].join('.')} right=${Math.round(r.right)}`);
  }
  return { splitWords, overflow: { scrollWidth: root.scrollWidth, clientWidth: width, wide: wide.slice(0, 10) } };
}
