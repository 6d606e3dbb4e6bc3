/**
 * One labelled form field as the console marks it: the `data-field` wrapper that
 * showError (field-errors.ts) finds by the error's field name, the label, the input, an
 * optional hint and the empty `.field-error` the message goes into.
 */
import { html, type SafeHtml } from './html.js';

export function field(id: string, name: string, label: string, input: SafeHtml, hint?: string): SafeHtml {
  return html`<div class="field" data-field="${name}">
    <label for="${id}">${label}</label>
    ${input}
    ${hint ? html`<p class="hint" id="${id}-hint">${hint}</p>` : ''}
    <p class="field-error" role="alert" hidden></p>
  </div>`;
}
