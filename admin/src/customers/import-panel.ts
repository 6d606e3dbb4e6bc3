/**
 * Import: upload the file as it is, show what the bridge detected and its guessed mapping,
 * re-run the preview when a column's target changes, then run the import and poll its job every
 * 500 ms until it is done.
 */
import type { ImportInspection, ImportJob } from '@ringside/shared';
import { api } from '../lib/api.js';
import { AdminApiError } from '../lib/api-client.js';
import type { RenderContext } from '../lib/context.js';
import { setHtml, showMessage } from '../lib/dom.js';
import { errorText } from '../lib/field-errors.js';
import { html } from '../lib/html.js';
import type { ScreenContext } from '../lib/screen.js';
import { initialMapping, jobFinished, withTarget, type Mapping } from './import-mapping.js';
import { renderDetected, renderErrors, renderMappingTable, renderMappingWarnings, renderPreview, renderProgress, renderResult } from './render-import.js';

const POLL_MS = 500;

export function renderImportPanel(t: ScreenContext['t']) {
  return html`<section class="panel" aria-labelledby="import-title">
    <h2 id="import-title">${t('import_title')}</h2>
    <p class="lead">${t('import_lead')}</p>
    <div class="field">
      <label for="import-file">${t('import_file')}</label>
      <input id="import-file" type="file" accept=".csv,.txt,.vcf">
      <p class="hint">${t('import_file_hint')}</p>
    </div>
    <p id="import-status" class="message" role="status" hidden></p>
    <div id="import-inspection" hidden>
      <div id="import-detected"></div>
      <div id="import-mapping"></div>
      <div id="import-warnings"></div>
      <h3>${t('import_preview_title')}</h3>
      <div id="import-preview" aria-live="polite"></div>
      <div class="actions"><button type="button" id="import-run" class="primary">${t('import_run')}</button></div>
    </div>
    <p id="import-progress" role="status" hidden></p>
    <div id="import-result" aria-live="polite" hidden></div>
    <div id="import-errors" hidden></div>
  </section>`;
}

/** Wires the panel; `onImported` refreshes the customer count. Returns the cleanup for unmount. */
export function wireImportPanel(root: HTMLElement, ctx: ScreenContext, onImported: () => void): () => void {
  const $ = <T extends HTMLElement>(id: string) => root.querySelector<T>(`#${id}`)!;
  const fileInput = $<HTMLInputElement>('import-file');
  const status = $('import-status');
  const inspection = $('import-inspection');
  const runButton = $<HTMLButtonElement>('import-run');
  const progress = $('import-progress');
  const result = $('import-result');
  const errors = $('import-errors');
  const renderCtx = (): RenderContext => ({ t: ctx.t, lang: ctx.lang, now: Date.now() });

  let current: ImportInspection | null = null;
  let mapping: Mapping = {};
  let previewSeq = 0;
  let alive = true;
  let pollTimer: ReturnType<typeof setTimeout> | undefined;

  const mappingInput = () => (current?.kind === 'vcard' ? {} : { mapping });

  function resetResult(): void {
    progress.hidden = true;
    result.hidden = true;
    errors.hidden = true;
    setHtml(result, html``);
    setHtml(errors, html``);
  }

  function showInspection(insp: ImportInspection): void {
    current = insp;
    mapping = initialMapping(insp.headers, insp.mapping);
    const c = renderCtx();
    setHtml($('import-detected'), renderDetected(insp, c));
    setHtml($('import-mapping'), insp.kind === 'vcard' ? html`<p class="muted">${ctx.t('import_no_mapping')}</p>` : renderMappingTable(insp.headers, mapping, c));
    setHtml($('import-warnings'), renderMappingWarnings(mapping, c, insp.kind === 'vcard'));
    setHtml($('import-preview'), renderPreview(insp.preview, c));
    inspection.hidden = false;
    runButton.disabled = false;
  }

  fileInput.addEventListener('change', () => {
    const file = fileInput.files?.[0];
    if (!file) return;
    resetResult();
    inspection.hidden = true;
    current = null;
    showMessage(status, ctx.t('import_uploading', { name: file.name }), 'info');
    api
      .uploadImport(file)
      .then((insp) => {
        showMessage(status, '');
        showInspection(insp);
      })
      .catch((err: unknown) => showMessage(status, errorText(err, ctx.t), 'error'));
  });

  $('import-mapping').addEventListener('change', (event) => {
    const select = event.target as HTMLSelectElement;
    if (!select.classList.contains('mapping-select') || !current) return;
    mapping = withTarget(mapping, select.dataset['header'] ?? '', select.value);
    setHtml($('import-warnings'), renderMappingWarnings(mapping, renderCtx(), false));
    void refreshPreview(current.id);
  });

  async function refreshPreview(id: string): Promise<void> {
    // Only the answer to the latest change is shown, however the requests overtake each other.
    const seq = ++previewSeq;
    const preview = $('import-preview');
    preview.setAttribute('aria-busy', 'true');
    try {
      const answer = await api.previewImport(id, mappingInput());
      if (seq === previewSeq && alive) setHtml(preview, renderPreview(answer.preview, renderCtx()));
    } catch (err) {
      if (seq === previewSeq && alive) setHtml(preview, html`<p class="message error">${errorText(err, ctx.t)}</p>`);
    } finally {
      if (seq === previewSeq) preview.removeAttribute('aria-busy');
    }
  }

  function showJob(job: ImportJob): void {
    const c = renderCtx();
    if (!jobFinished(job)) {
      setHtml(progress, renderProgress(job, c));
      progress.hidden = false;
      return;
    }
    progress.hidden = true;
    setHtml(result, renderResult(job, c));
    result.hidden = false;
    setHtml(errors, renderErrors(job, c));
    errors.hidden = job.errors.length === 0;
  }

  async function poll(id: string): Promise<void> {
    if (!alive) return;
    try {
      const job = await api.importJob(id);
      if (!alive) return;
      showJob(job);
      if (jobFinished(job)) {
        runButton.disabled = false;
        onImported();
        return;
      }
    } catch (err) {
      showMessage(status, errorText(err, ctx.t), 'error');
      // The job is gone (bridge restarted): asking again cannot help.
      if (err instanceof AdminApiError && err.status === 404) {
        runButton.disabled = false;
        return;
      }
    }
    pollTimer = setTimeout(() => void poll(id), POLL_MS);
  }

  runButton.addEventListener('click', () => {
    if (!current) return;
    const id = current.id;
    runButton.disabled = true;
    resetResult();
    showMessage(status, '');
    api
      .runImport(id, mappingInput())
      .then((job) => {
        showJob(job);
        if (jobFinished(job)) {
          runButton.disabled = false;
          onImported();
        } else pollTimer = setTimeout(() => void poll(job.id), POLL_MS);
      })
      .catch((err: unknown) => {
        runButton.disabled = false;
        showMessage(status, errorText(err, ctx.t), 'error');
      });
  });

  return () => {
    alive = false;
    clearTimeout(pollTimer);
  };
}
