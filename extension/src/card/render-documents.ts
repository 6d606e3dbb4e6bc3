import type { CustomerDocument } from '@ringside/shared';
import { formatDate, formatMoney } from '../lib/format.js';
import { html, safeHref, type SafeHtml } from '../lib/html.js';
import type { Translate } from '../lib/i18n-core.js';
import type { RenderContext } from './context.js';

export function isOverdue(doc: Pick<CustomerDocument, 'status' | 'due'>, today: string): boolean {
  return doc.status === 'overdue' || (doc.status === 'open' && doc.due !== null && doc.due < today);
}

/** Overdue first, then by due date; documents without a due date last. */
export function sortDocuments(docs: readonly CustomerDocument[], today: string): CustomerDocument[] {
  return [...docs].sort((a, b) => {
    const overdue = Number(isOverdue(b, today)) - Number(isOverdue(a, today));
    if (overdue !== 0) return overdue;
    return (a.due ?? '9999-12-31').localeCompare(b.due ?? '9999-12-31');
  });
}

export function documentKindLabel(kind: CustomerDocument['kind'], t: Translate): string {
  return t(`doc_kind_${kind.replace('-', '_')}`) || kind;
}

function documentRow(doc: CustomerDocument, ctx: RenderContext): SafeHtml {
  const { t } = ctx;
  const overdue = isOverdue(doc, ctx.today);
  const href = safeHref(doc.url);
  return html`<li class="${overdue ? 'doc overdue' : 'doc'}">
    <div class="doc-head">
      <span class="doc-kind">${documentKindLabel(doc.kind, t)}</span>
      ${href ? html`<a href="${href}" target="_blank" rel="noopener noreferrer" title="${t('doc_open_source')}">${doc.documentNo}</a>` : html`<span>${doc.documentNo}</span>`}
      ${doc.amount !== null ? html`<span class="amount">${formatMoney(doc.amount, doc.currency, ctx.locale)}</span>` : ''}
    </div>
    ${doc.title ? html`<div class="doc-title">${doc.title}</div>` : ''}
    ${doc.due ? html`<div class="${overdue ? 'due overdue-label' : 'due muted'}">${t('doc_due', formatDate(doc.due, ctx.locale))}${overdue ? html` · <strong>${t('doc_overdue')}</strong>` : ''}</div>` : ''}
  </li>`;
}

/** The first few (overdue first) stay in view; the rest of 40 open items fold away. */
export const DOCUMENTS_SHOWN = 5;

export function renderDocuments(docs: readonly CustomerDocument[], ctx: RenderContext): SafeHtml {
  const { t } = ctx;
  const sorted = sortDocuments(docs, ctx.today);
  // Every overdue item stays visible; only ordinary open ones fold.
  const shown = Math.max(DOCUMENTS_SHOWN, sorted.filter((d) => isOverdue(d, ctx.today)).length);
  const rest = sorted.slice(shown);
  return html`<section class="documents" aria-labelledby="documents-title">
    <h2 id="documents-title">${t('card_documents')}</h2>
    ${sorted.length === 0 ? html`<p class="muted">${t('card_documents_empty')}</p>` : html`<ul>${sorted.slice(0, shown).map((d) => documentRow(d, ctx))}</ul>`}
    ${rest.length
      ? html`<details class="more-documents"><summary>${t('card_documents_more', String(rest.length))}</summary><ul>${rest.map((d) => documentRow(d, ctx))}</ul></details>`
      : ''}
  </section>`;
}
