/** Markup of the import steps: what was detected, the mapping table, the preview, progress and result. */
import type { ImportInspection, ImportJob, ImportPreviewRow } from '@ringside/shared';
import type { RenderContext } from '../lib/context.js';
import { formatBytes, formatCount, localeOf } from '../lib/format.js';
import { html, type SafeHtml } from '../lib/html.js';
import { duplicateTargets, hasPhoneColumn, IMPORT_TARGETS, previewCounts, targetLabel, type Mapping } from './import-mapping.js';

export const MAX_ERRORS_SHOWN = 1_000;

export function renderDetected(insp: ImportInspection, ctx: RenderContext): SafeHtml {
  const { t, lang } = ctx;
  const delimiter = insp.delimiter === '\t' ? 'Tab' : insp.delimiter;
  return html`<p class="detected">
    <strong>${insp.fileName}</strong> (${formatBytes(insp.bytes, lang)}) ·
    ${t('import_kind')}: <span class="import-kind">${insp.kind === 'vcard' ? 'vCard' : 'CSV'}</span> ·
    ${t('import_encoding')}: <span class="import-encoding">${insp.encoding}</span>
    ${delimiter ? html` · ${t('import_delimiter')}: <code class="import-delimiter">${delimiter}</code>` : ''}
  </p>`;
}

export function renderMappingTable(headers: readonly string[], mapping: Mapping, ctx: RenderContext): SafeHtml {
  const { t } = ctx;
  if (headers.length === 0) return html`<p class="muted">${t('import_no_mapping')}</p>`;
  return html`<table class="mapping">
    <caption>${t('import_mapping_caption')}</caption>
    <thead><tr><th scope="col">${t('import_column')}</th><th scope="col">${t('import_target')}</th></tr></thead>
    <tbody>${headers.map(
      (h, i) => html`<tr>
        <th scope="row"><label for="map-${i}">${h}</label></th>
        <td><select id="map-${i}" class="mapping-select" data-header="${h}">
          ${IMPORT_TARGETS.map((target) => html`<option value="${target}" ${mapping[h] === target ? 'selected' : ''}>${targetLabel(target, t)}</option>`)}
        </select></td>
      </tr>`,
    )}</tbody>
  </table>`;
}

export function renderMappingWarnings(mapping: Mapping, ctx: RenderContext, vcard: boolean): SafeHtml {
  const { t } = ctx;
  if (vcard) return html``;
  const dupes = duplicateTargets(mapping);
  return html`${dupes.length > 0 ? html`<p class="message warn">${t('import_duplicate_targets', { fields: dupes.map((d) => targetLabel(d, t)).join(', ') })}</p>` : ''}
    ${hasPhoneColumn(mapping) ? '' : html`<p class="message warn">${t('import_no_phone')}</p>`}`;
}

function renderPreviewRow(row: ImportPreviewRow, ctx: RenderContext): SafeHtml {
  const { t } = ctx;
  if (!row.ok) {
    return html`<tr class="bad">
      <td>${row.line}</td>
      <td colspan="4"><span class="badge warn">${t('import_bad_row')}</span> ${row.column ?? row.field}: ${row.message}</td>
    </tr>`;
  }
  return html`<tr>
    <td>${row.line}</td>
    <td>${row.customerNo}</td>
    <td>${row.company ?? ''}</td>
    <td>${row.contacts.join(', ')}</td>
    <td><ul class="phones">${row.phones.map(
      (p) => html`<li class="${p.e164 ? 'phone' : 'phone unrecognized'}">
        <span class="raw">${p.number}</span>${p.label ? html` <span class="muted">(${p.label})</span>` : ''}
        → <span class="display">${p.e164 ? p.display : t('import_not_recognized')}</span>${p.main ? html` <span class="badge">${t('import_main')}</span>` : ''}
      </li>`,
    )}</ul></td>
  </tr>`;
}

export function renderPreview(rows: readonly ImportPreviewRow[], ctx: RenderContext): SafeHtml {
  const { t, lang } = ctx;
  if (rows.length === 0) return html`<p class="muted">${t('import_preview_empty')}</p>`;
  const counts = previewCounts(rows);
  return html`<p class="preview-counts">${t('import_preview_counts', { ok: formatCount(counts.ok, lang), bad: formatCount(counts.bad, lang), unrecognized: formatCount(counts.unrecognized, lang) })}</p>
    <div class="table-scroll"><table class="preview">
      <caption>${t('import_preview_caption')}</caption>
      <thead><tr>
        <th scope="col">${t('import_line')}</th><th scope="col">${t('field_customerNo')}</th><th scope="col">${t('field_company')}</th>
        <th scope="col">${t('import_contacts')}</th><th scope="col">${t('import_numbers')}</th>
      </tr></thead>
      <tbody>${rows.map((r) => renderPreviewRow(r, ctx))}</tbody>
    </table></div>`;
}

export function renderProgress(job: ImportJob, ctx: RenderContext): SafeHtml {
  const { t, lang } = ctx;
  return html`${t('import_progress', { rows: formatCount(job.rows, lang), imported: formatCount(job.imported, lang), updated: formatCount(job.updated, lang), failed: formatCount(job.failed, lang) })}`;
}

/** The counts carry `data-count` with the plain number, so tests need not parse "1.234". */
export function renderResult(job: ImportJob, ctx: RenderContext): SafeHtml {
  const { t, lang } = ctx;
  const count = (name: string, n: number) => html`<strong data-count="${name}">${formatCount(n, lang)}</strong>`;
  if (job.state === 'failed') {
    return html`<p class="message error">${t('import_failed', { message: job.error ?? '' })}</p>`;
  }
  return html`<p class="message ${job.failed > 0 ? 'warn' : 'ok'}">
    ${t('import_done')} ${count('imported', job.imported)} ${t('import_imported')},
    ${count('updated', job.updated)} ${t('import_updated')},
    ${count('failed', job.failed)} ${t('import_failed_rows')}
    <span class="muted">(${t('import_rows_time', { rows: formatCount(job.rows, lang), seconds: (job.durationMs / 1000).toLocaleString(localeOf(lang), { maximumFractionDigits: 1 }) })})</span>
  </p>`;
}

export function renderErrors(job: ImportJob, ctx: RenderContext): SafeHtml {
  const { t, lang } = ctx;
  if (job.errors.length === 0) return html``;
  const shown = job.errors.slice(0, MAX_ERRORS_SHOWN);
  return html`<h3>${t('import_errors_title')}</h3>
    ${job.failed > shown.length ? html`<p class="muted">${t('import_errors_first', { shown: formatCount(shown.length, lang), total: formatCount(job.failed, lang) })}</p>` : ''}
    <div class="table-scroll"><table class="import-errors">
      <thead><tr><th scope="col">${t('import_line')}</th><th scope="col">${t('import_column_field')}</th><th scope="col">${t('import_message')}</th></tr></thead>
      <tbody>${shown.map((e) => html`<tr><td>${e.line}</td><td>${e.column ? html`${e.column} <span class="muted">(${e.field})</span>` : e.field}</td><td>${e.message}</td></tr>`)}</tbody>
    </table></div>`;
}
