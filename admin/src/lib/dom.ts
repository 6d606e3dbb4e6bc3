import type { SafeHtml } from './html.js';

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`#${id} missing`);
  return el as T;
}

/** The only way markup enters the DOM: `SafeHtml` from the escaping `html` template. */
export function setHtml(el: Element, content: SafeHtml): void {
  el.innerHTML = content.html;
}

export function find<T extends Element = HTMLElement>(root: ParentNode, selector: string): T | null {
  return root.querySelector<T>(selector) as T | null;
}

/** Sets a status line's text and tone, keeping the element's own classes; empty text hides it. */
export function showMessage(el: HTMLElement, text: string, kind: 'ok' | 'error' | 'info' | 'warn' = 'info'): void {
  el.textContent = text;
  el.classList.remove('ok', 'error', 'info', 'warn');
  el.classList.add('message', kind);
  el.hidden = text === '';
}

/** Splits "21, 22" or one-per-line text into a clean list (no blanks, no duplicates). */
export function splitList(text: string): string[] {
  const items = text
    .split(/[,;\n]/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
  return [...new Set(items)];
}

/**
 * Click handling by `data-action` on a container: rows are re-rendered as markup, so handlers
 * are attached once to the container instead of to every button.
 */
export function onAction(
  root: HTMLElement,
  handler: (action: string, target: HTMLElement, event: Event) => void | Promise<void>,
): void {
  root.addEventListener('click', (event) => {
    const target = (event.target as Element | null)?.closest<HTMLElement>('[data-action]');
    if (!target || !root.contains(target)) return;
    const action = target.dataset['action'];
    if (!action) return;
    event.preventDefault();
    void handler(action, target, event);
  });
}
