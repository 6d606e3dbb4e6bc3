/**
 * German compounds ("Dachrinnenentwässerung") are wider than a zoomed side panel. Rather than
 * letting the browser cut them anywhere, long words in rendered customer data get soft hyphens
 * at proper syllable breaks (the `hyphen` library's German patterns, the TeX ones), so a line
 * ends with "Dachrinnen-" and the next starts with "entwässerung". Browsers' own `hyphens: auto`
 * would do the same, but Chromium on Linux has no hyphenation dictionaries unless its component
 * updater fetched them.
 *
 * The patterns are about 300 KB, so they load as their own chunk after the first render: the
 * card is never slower for them; the text gets its break points a moment later.
 */
const LONG_WORD = /\p{L}{14,}/u;
const SOFT_HYPHEN = '\u00ad';
/** Links, form fields and code-like text are not hyphenated: copied numbers must stay intact. */
const SKIP = 'script, style, textarea, input, select, a[href^="tel:"], a[href^="mailto:"], code';

type Hyphenator = (text: string) => string;
let hyphenator: Hyphenator | null = null;
let loading: Promise<Hyphenator> | null = null;

function load(): Promise<Hyphenator> {
  loading ??= import('hyphen/de').then((m) => {
    // A CommonJS module: its exports may arrive as named exports or under `default`.
    const hyphenateSync = m.hyphenateSync ?? (m as unknown as { default: typeof m }).default.hyphenateSync;
    hyphenator = (text) => hyphenateSync(text, { minWordLength: 14 });
    return hyphenator;
  });
  return loading;
}

function apply(root: Element, hyphenate: Hyphenator): void {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const nodes: Text[] = [];
  while (walker.nextNode()) {
    const node = walker.currentNode as Text;
    if (LONG_WORD.test(node.data) && !node.data.includes(SOFT_HYPHEN) && !node.parentElement?.closest(SKIP)) nodes.push(node);
  }
  for (const node of nodes) node.data = hyphenate(node.data);
}

/** Call after every render of customer data; marks `<html data-hyphenated>` once applied. */
export function hyphenateLongWords(root: Element): void {
  if (hyphenator) {
    apply(root, hyphenator);
    return;
  }
  // After the card's first frames: parsing the patterns must not delay the caller's name.
  whenIdle(() => {
    load()
      .then((hyphenate) => {
        apply(root, hyphenate);
        document.documentElement.dataset.hyphenated = 'true';
      })
      .catch(() => undefined);
  });
}

function whenIdle(task: () => void): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(task, { timeout: 500 });
  else setTimeout(task, 100);
}
