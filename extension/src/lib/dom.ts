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

export function showMessage(el: HTMLElement, text: string, kind: 'ok' | 'error' | 'info' = 'info'): void {
  el.textContent = text;
  el.className = `message ${kind}`;
}
