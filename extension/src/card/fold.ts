/**
 * Long free text (a 2,000-character note) is shown folded to a few lines with a "show more"
 * button, so it never pushes the greeting's neighbours below the fold. Short text stays plain.
 * The pages wire the button once with `wireFolds`.
 */
import { html, type SafeHtml } from '../lib/html.js';
import type { RenderContext } from './context.js';

/** About four lines at the card's width: shorter text is not worth a button. */
export const FOLD_THRESHOLD = 280;

export function foldable(text: string, ctx: RenderContext): SafeHtml {
  if (text.length <= FOLD_THRESHOLD && text.split('\n').length <= 4) return html`<span class="note-text">${text}</span>`;
  return html`<span class="fold folded"><span class="note-text fold-body">${text}</span><button type="button" class="link fold-toggle" data-action="fold" aria-expanded="false" data-more="${ctx.t('fold_more')}" data-less="${ctx.t('fold_less')}">${ctx.t('fold_more')}</button></span>`;
}

/** Toggle any fold under `root`; the button keeps its own texts so no page needs `t` here. */
export function wireFolds(root: HTMLElement): void {
  root.addEventListener('click', (event) => {
    const button = (event.target as Element).closest<HTMLButtonElement>('button[data-action="fold"]');
    const fold = button?.closest('.fold');
    if (!button || !fold) return;
    const folded = fold.classList.toggle('folded');
    button.setAttribute('aria-expanded', String(!folded));
    button.textContent = (folded ? button.dataset.more : button.dataset.less) ?? '';
  });
}
