/** Markup of the data-sources page: one card per connector with its last run, and the form. */
import type { ConnectorRunView, ConnectorView, ConnectorsView } from '@ringside/shared';
import type { RenderContext } from '../lib/context.js';
import { formatCount, formatDateTime, relativeTime } from '../lib/format.js';
import { html, type SafeHtml } from '../lib/html.js';
import type { Translate } from '../i18n/i18n.js';
import { KIND_FIELDS, KINDS, type ConnectorFormValues, type FormField } from './connector-form.js';

const KIND_LABEL = { carddav: 'ds_kind_carddav', ldap: 'ds_kind_ldap', sql: 'ds_kind_sql' } as const;
const COUNT_LABEL = { customers: 'ds_count_customers', documents: 'ds_count_documents', conversations: 'ds_count_conversations' } as const;

export function formatDuration(ms: number, lang: RenderContext['lang']): string {
  if (ms < 1000) return `${formatCount(ms, lang)} ms`;
  return `${new Intl.NumberFormat(lang === 'de' ? 'de-DE' : 'en-GB', { maximumFractionDigits: 1 }).format(ms / 1000)} s`;
}

/** "Kunden: 1 neu, 3 geändert, 2 entfernt, 105 unverändert", one line per kind that had records. */
export function countLines(run: ConnectorRunView, ctx: RenderContext): string[] {
  const { t, lang } = ctx;
  const n = (v: number) => formatCount(v, lang);
  return (Object.keys(COUNT_LABEL) as Array<keyof typeof COUNT_LABEL>).flatMap((kind) => {
    const c = run.counts[kind];
    if (!c || c.created + c.updated + c.deleted + c.unchanged + c.failed === 0) return [];
    const line = t('ds_counts', { kind: t(COUNT_LABEL[kind]), created: n(c.created), updated: n(c.updated), deleted: n(c.deleted), unchanged: n(c.unchanged) });
    return [c.failed > 0 ? line + t('ds_counts_failed', { failed: n(c.failed) }) : line];
  });
}

function renderRun(c: ConnectorView, ctx: RenderContext): SafeHtml {
  const { t, lang, now } = ctx;
  if (c.running) return html`<p class="message info" role="status">${t('ds_running')}</p>`;
  if (c.runningElsewhere) return html`<p class="message info" role="status">${t('ds_running_elsewhere')}</p>`;
  const run = c.lastRun;
  if (!run) return html`<p class="muted">${t('ds_never_run')}</p>`;
  const time = html`<time datetime="${run.startedAt}" title="${formatDateTime(run.startedAt, lang)}">${relativeTime(run.startedAt, now, lang)}</time>`;
  const problems = run.problems.length > 0
    ? html`<details class="problems"><summary>${t('ds_problems', { count: formatCount(run.problems.length, lang) })}</summary>
        <ul>${run.problems.slice(0, 20).map((p) => html`<li><code>${p.where}</code> ${p.field}: ${p.message}</li>`)}</ul></details>`
    : '';
  if (!run.ok) {
    // The kind of failure in the page's language; the bridge's own words follow as the detail.
    const said = run.errorCode ? html`<p class="error-kind">${t(`ds_err_${run.errorCode}`)}</p>` : '';
    const detail = run.errorCode ? html`<p class="error-text muted">${t('ds_err_detail')} ${run.error ?? ''}</p>` : html`<p class="error-text">${run.error ?? ''}</p>`;
    return html`<div class="message error run-error" role="alert"><p>${fillHtml(t('ds_last_failed', { time: '\u0000' }), time)}</p>${said}${detail}</div>${problems}`;
  }
  return html`<p>${fillHtml(t('ds_last_ok', { time: '\u0000', duration: formatDuration(run.durationMs, lang) }), time)}</p>
    <ul class="card-list counts">${countLines(run, ctx).map((l) => html`<li>${l}</li>`)}</ul>${problems}`;
}

/** Put markup where the translated sentence has the placeholder, keeping the words escaped. */
function fillHtml(sentence: string, inner: SafeHtml): SafeHtml {
  const [before, after] = sentence.split('\u0000');
  return html`${before ?? ''}${inner}${after ?? ''}`;
}

export function renderConnector(c: ConnectorView, ctx: RenderContext): SafeHtml {
  const { t, lang } = ctx;
  const target = typeof c.settings['url'] === 'string' ? c.settings['url'] : '';
  return html`<article class="panel connector" data-connector="${c.id}">
    <div class="source-head">
      <h2>${c.id}</h2>
      ${c.fromFile ? html`<span class="badge">${t('ds_from_file')}</span>` : ''}
    </div>
    <p class="muted">${t(KIND_LABEL[c.kind])} · ${t('ds_every_label', { every: c.every })}</p>
    <p class="connector-target"><code>${target}</code></p>
    ${renderRun(c, ctx)}
    <p class="muted">${c.enabled ? (c.nextRunAt && !c.running && !c.runningElsewhere ? t('ds_next_run', { time: formatDateTime(c.nextRunAt, lang) }) : '') : t('ds_paused')}</p>
    <div class="actions">
      <button type="button" class="primary" data-action="run" data-id="${c.id}" ${c.running || c.runningElsewhere ? 'disabled' : ''}>${t('ds_sync_now')}</button>
      ${c.fromFile ? '' : html`<button type="button" data-action="edit" data-id="${c.id}">${t('edit')}</button>
        <button type="button" data-action="delete" data-id="${c.id}">${t('delete')}</button>`}
    </div>
  </article>`;
}

export function renderConnectorList(view: ConnectorsView, ctx: RenderContext): SafeHtml {
  const { t } = ctx;
  return html`${view.file ? html`<p class="note locked">${t('ds_file_note', { file: view.file })}</p>` : ''}
    ${view.connectors.length === 0 ? html`<p class="muted">${t('ds_empty')}</p>` : view.connectors.map((c) => renderConnector(c, ctx))}`;
}

function field(name: string, label: string, input: SafeHtml, hint: string | SafeHtml = '', kinds = ''): SafeHtml {
  return html`<div class="field" data-field="${name}" ${kinds ? html`data-kinds="${kinds}"` : ''}>
    <label for="ds-${name}">${label}</label>
    ${input}
    ${hint ? html`<p class="hint" id="ds-${name}-hint">${hint}</p>` : ''}
    <p class="field-error" role="alert" hidden></p>
  </div>`;
}

/** Which kinds show a field, as the `data-kinds` the screen toggles on. */
const kindsOf = (f: FormField) => KINDS.filter((k) => KIND_FIELDS[k].includes(f)).join(' ');

/**
 * The form for a new connector (`editing` null) or an existing one. All kinds' fields are in
 * it; the screen hides those of the other kinds, and only the chosen kind's are sent.
 */
export function renderConnectorForm(v: ConnectorFormValues, editing: ConnectorView | null, t: Translate): SafeHtml {
  const input = (name: FormField, attrs: SafeHtml | string = '') =>
    html`<input id="ds-${name}" name="${name}" type="text" autocomplete="off" spellcheck="false" value="${String(v[name])}" aria-describedby="ds-${name}-hint" ${attrs}>`;
  const area = (name: FormField, rows: number) =>
    html`<textarea id="ds-${name}" name="${name}" rows="${rows}" spellcheck="false" aria-describedby="ds-${name}-hint">${String(v[name])}</textarea>`;
  const secret = editing?.secrets['password'];
  const passwordHint = secret?.env ? t('ds_password_env', { variable: secret.env }) : secret?.set ? t('ds_password_keep') : '';
  const urlHint = html`<span data-kinds="carddav">${t('ds_url_hint_carddav')}</span><span data-kinds="ldap">${t('ds_url_hint_ldap')}</span><span data-kinds="sql">${t('ds_url_hint_sql')}</span>`;
  return html`<form id="ds-form" class="panel" novalidate>
    <h2>${editing ? t('ds_edit_title', { id: editing.id }) : t('ds_new_title')}</h2>
    <div class="grid two">
      ${field('kind', t('ds_kind'), html`<select id="ds-kind" name="kind" ${editing ? 'disabled' : ''}>${KINDS.map((k) => html`<option value="${k}" ${k === v.kind ? 'selected' : ''}>${t(KIND_LABEL[k])}</option>`)}</select>`)}
      ${field('id', t('ds_id'), input('id' as FormField, html`maxlength="40" ${editing ? 'readonly' : ''}`), t('ds_id_hint'))}
      ${field('every', t('ds_every'), input('every' as FormField, html`maxlength="8" class="short"`), t('ds_every_hint'))}
      <div class="field"><label class="switch"><input type="checkbox" name="enabled" ${v.enabled ? 'checked' : ''}> ${t('ds_enabled')}</label></div>
    </div>
    ${field('url', t('ds_url'), input('url', html`inputmode="url"`), urlHint)}
    <div class="grid two">
      ${field('username', t('ds_username'), input('username'), '', kindsOf('username'))}
      ${field('bindDn', t('ds_bind_dn'), input('bindDn'), '', kindsOf('bindDn'))}
      ${field('password', t('ds_password'), html`<input id="ds-password" name="password" type="password" autocomplete="new-password" aria-describedby="ds-password-hint">`, passwordHint, kindsOf('password'))}
    </div>
    <div class="field" data-kinds="${kindsOf('startTls')}"><label class="switch"><input type="checkbox" name="startTls" ${v.startTls ? 'checked' : ''}> ${t('ds_start_tls')}</label></div>
    ${field('caFile', t('ds_ca_file'), input('caFile'), t('ds_ca_file_hint'), kindsOf('caFile'))}
    ${field('base', t('ds_base'), input('base'), '', kindsOf('base'))}
    <div class="grid two" data-kinds="${kindsOf('schema')}">
      ${field('schema', t('ds_schema'), html`<select id="ds-schema" name="schema"><option value="inetOrgPerson" ${v.schema === 'inetOrgPerson' ? 'selected' : ''}>${t('ds_schema_inet')}</option><option value="activeDirectory" ${v.schema === 'activeDirectory' ? 'selected' : ''}>${t('ds_schema_ad')}</option></select>`)}
      ${field('pageSize', t('ds_page_size'), input('pageSize', html`inputmode="numeric" class="short"`))}
    </div>
    ${field('filter', t('ds_filter'), input('filter'), t('ds_filter_hint'), kindsOf('filter'))}
    ${field('attributes', t('ds_attributes'), area('attributes', 3), t('ds_attributes_hint'), kindsOf('attributes'))}
    ${field('customers', t('ds_customers_query'), area('customers', 6), t('ds_customers_hint'), kindsOf('customers'))}
    ${field('documents', t('ds_documents_query'), area('documents', 4), t('ds_documents_hint'), kindsOf('documents'))}
    ${field('conversations', t('ds_conversations_query'), area('conversations', 4), t('ds_conversations_hint'), kindsOf('conversations'))}
    <div class="actions">
      <button type="submit" class="primary" id="ds-save">${editing ? t('save') : t('ds_create')}</button>
      <button type="button" data-action="cancel">${t('cancel')}</button>
    </div>
    <p class="form-error message error" role="alert" hidden></p>
  </form>`;
}
