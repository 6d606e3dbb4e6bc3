/** Markup of the customer search results, with the right-of-access export and erasure per customer. */
import type { CustomerSearchResult, CustomerSummary } from '@ringside/shared';
import { downloadUrls } from '../lib/api.js';
import type { RenderContext } from '../lib/context.js';
import { formatCount } from '../lib/format.js';
import { html, type SafeHtml } from '../lib/html.js';

export function customerTitle(s: CustomerSummary): string {
  return s.company && s.displayName !== s.company ? `${s.displayName} (${s.company})` : s.displayName;
}

/** A file name the browser can save without asking: the customer number is already URL-safe. */
export function exportFileName(customerNo: string): string {
  return `kunde-${customerNo.replace(/[^A-Za-z0-9._-]/g, '_')}.json`;
}

function renderRow(s: CustomerSummary, ctx: RenderContext): SafeHtml {
  const { t } = ctx;
  return html`<li class="customer" data-customer-no="${s.customerNo}">
    <div>
      <p><strong class="customer-name">${customerTitle(s)}</strong> <span class="muted">${t('card_customer_no', { no: s.customerNo })}</span></p>
      ${s.contacts.length > 0 ? html`<p class="muted">${s.contacts.join(', ')}</p>` : ''}
      ${s.phones.length > 0 ? html`<p class="muted">${s.phones.join(' · ')}</p>` : ''}
    </div>
    <div class="actions">
      <a class="button customer-export" href="${downloadUrls.customerExport(s.customerNo)}" download="${exportFileName(s.customerNo)}">${t('customers_export_json')}</a>
      <button type="button" class="danger customer-delete" data-action="delete-customer">${t('delete')}</button>
    </div>
  </li>`;
}

export function renderSearchResults(answer: CustomerSearchResult, q: string, ctx: RenderContext): SafeHtml {
  const { t, lang } = ctx;
  if (q === '') return html``;
  if (answer.results.length === 0) return html`<p class="muted">${t('customers_no_results', { q })}</p>`;
  return html`<p class="muted">${t('customers_results', { count: formatCount(answer.results.length, lang) })}</p>
    <ul class="customer-list">${answer.results.map((s) => renderRow(s, ctx))}</ul>`;
}
