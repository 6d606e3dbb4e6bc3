import type { CustomerSummary, NumberInfo } from '@ringside/shared';
import { html, type SafeHtml } from '../lib/html.js';
import type { RenderContext } from './context.js';
import { summaryLine } from './names.js';

/**
 * Forms for an unknown caller: create the customer, or attach the number to an existing one
 * (the contact person changed, a new mobile). Rendered once per call; results of the attach
 * search go into their own container so typing is never interrupted by a re-render.
 */
export function renderUnknownForms(number: NumberInfo, ctx: RenderContext): SafeHtml {
  const { t } = ctx;
  const value = number.display || number.raw;
  return html`<section class="unknown-forms">
    <details open>
      <summary>${t('unknown_create_title')}</summary>
      <form data-form="create" class="stack">
        <label>${t('field_company')}<input name="company" autocomplete="off" maxlength="200"></label>
        <div class="row">
          <label class="narrow">${t('field_salutation')}<input name="salutation" list="salutations" maxlength="40"></label>
          <label>${t('field_first_name')}<input name="firstName" maxlength="100"></label>
          <label>${t('field_last_name')}<input name="lastName" maxlength="100"></label>
        </div>
        <datalist id="salutations"><option value="Frau"><option value="Herr"></datalist>
        <div class="row">
          <label>${t('field_number')}<input name="number" value="${value}" required maxlength="60"></label>
          <label>${t('field_phone_label')}<input name="label" maxlength="60"></label>
        </div>
        <button type="submit">${t('unknown_create_submit')}</button>
      </form>
    </details>
    <details>
      <summary>${t('unknown_attach_title')}</summary>
      <form data-form="attach-search" class="stack" role="search">
        <label>${t('unknown_attach_search')}<input name="q" type="search" autocomplete="off" maxlength="200"></label>
      </form>
      <div id="attach-results" aria-live="polite"></div>
    </details>
    <p id="unknown-message" class="message" role="alert"></p>
  </section>`;
}

export function renderAttachResults(results: readonly CustomerSummary[] | null, ctx: RenderContext): SafeHtml {
  if (results === null) return html``;
  if (results.length === 0) return html`<p class="muted">${ctx.t('search_no_results')}</p>`;
  return html`<ul class="results">${results.map(
    (r) => html`<li><span>${summaryLine(r)} <span class="muted">${ctx.t('card_customer_no', r.customerNo)}</span></span>
      <button type="button" data-action="attach" data-customer-no="${r.customerNo}">${ctx.t('unknown_attach_submit')}</button></li>`,
  )}</ul>`;
}
