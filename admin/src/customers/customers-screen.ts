/**
 * "Kundendaten": import a CSV or vCard file, download all customers as CSV, and find a single
 * customer to hand out their data (right of access) or erase them (right to erasure).
 */
import type { CustomerSearchResult } from '@ringside/shared';
import { api, downloadUrls } from '../lib/api.js';
import type { RenderContext } from '../lib/context.js';
import { onAction, setHtml, showMessage } from '../lib/dom.js';
import { errorText } from '../lib/field-errors.js';
import { formatCount } from '../lib/format.js';
import { html } from '../lib/html.js';
import type { Screen } from '../lib/screen.js';
import { renderImportPanel, wireImportPanel } from './import-panel.js';
import { customerTitle, renderSearchResults } from './render-customers.js';

const SEARCH_DELAY_MS = 250;

export const customersScreen: Screen = (root, ctx) => {
  const { t } = ctx;
  const renderCtx = (): RenderContext => ({ t, lang: ctx.lang, now: Date.now() });

  setHtml(root, html`<h1>${t('customers_title')}</h1>
    <p class="lead">${t('customers_lead')} <span id="customer-total" class="badge"></span></p>
    ${renderImportPanel(t)}
    <section class="panel" aria-labelledby="export-title">
      <h2 id="export-title">${t('export_title')}</h2>
      <p>${t('export_lead')}</p>
      <p><a id="export-csv" class="button" href="${downloadUrls.customersCsv}" download="kunden.csv">${t('export_button')}</a></p>
    </section>
    <section class="panel" aria-labelledby="search-title">
      <h2 id="search-title">${t('customers_search_title')}</h2>
      <form id="customer-search-form" role="search">
        <div class="field">
          <label for="customer-search">${t('customers_search_label')}</label>
          <input id="customer-search" type="search" autocomplete="off" placeholder="${t('customers_search_placeholder')}">
          <p class="hint">${t('customers_search_hint')}</p>
        </div>
      </form>
      <p id="customer-message" class="message" role="status" hidden></p>
      <div id="customer-results" aria-live="polite"></div>
    </section>`);

  const search = root.querySelector<HTMLInputElement>('#customer-search')!;
  const results = root.querySelector<HTMLElement>('#customer-results')!;
  const message = root.querySelector<HTMLElement>('#customer-message')!;
  const total = root.querySelector<HTMLElement>('#customer-total')!;
  let last: CustomerSearchResult = { results: [], total: 0 };
  let seq = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  async function runSearch(): Promise<void> {
    const q = search.value.trim();
    const mine = ++seq;
    try {
      const answer = await api.searchCustomers(q);
      if (mine !== seq) return;
      last = answer;
      total.textContent = t('customers_total', { total: formatCount(answer.total, ctx.lang) });
      total.dataset['total'] = String(answer.total);
      setHtml(results, renderSearchResults(answer, q, renderCtx()));
      showMessage(message, '');
    } catch (err) {
      if (mine === seq) showMessage(message, errorText(err, t), 'error');
    }
  }

  search.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => void runSearch(), SEARCH_DELAY_MS);
  });
  root.querySelector('#customer-search-form')!.addEventListener('submit', (event) => {
    event.preventDefault();
    clearTimeout(timer);
    void runSearch();
  });

  onAction(results, async (action, target) => {
    if (action !== 'delete-customer') return;
    const no = target.closest<HTMLElement>('[data-customer-no]')?.dataset['customerNo'];
    const customer = last.results.find((c) => c.customerNo === no);
    if (!customer) return;
    const ok = await ctx.confirm(t('customers_delete_confirm', { name: customerTitle(customer), no: customer.customerNo }), t('customers_delete_button'));
    if (!ok) return;
    try {
      await api.deleteCustomer(customer.customerNo);
      showMessage(message, t('customers_deleted', { name: customerTitle(customer) }), 'ok');
      await runSearch();
      showMessage(message, t('customers_deleted', { name: customerTitle(customer) }), 'ok');
    } catch (err) {
      showMessage(message, errorText(err, t), 'error');
    }
  });

  const stopImport = wireImportPanel(root, ctx, () => void runSearch());
  void runSearch();
  return () => {
    clearTimeout(timer);
    stopImport();
  };
};
