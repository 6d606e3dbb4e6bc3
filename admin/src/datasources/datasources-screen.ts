/**
 * "Datenquellen": the connectors, their last run in plain words, "sync now", and the form to
 * add or change one. Connectors from the RINGSIDE_CONNECTORS file are shown, not editable.
 */
import type { ConnectorKind, ConnectorView, ConnectorsView } from '@ringside/shared';
import { api } from '../lib/api.js';
import { onAction, setHtml, showMessage } from '../lib/dom.js';
import { clearErrors, errorText, localError, showError } from '../lib/field-errors.js';
import { html } from '../lib/html.js';
import { whileVisible, type Screen } from '../lib/screen.js';
import { connectorInput, formValuesOf, type ConnectorFormValues } from './connector-form.js';
import { renderConnectorForm, renderConnectorList } from './render-datasources.js';

function readForm(form: HTMLFormElement, kind: ConnectorKind): ConnectorFormValues {
  const value = (name: string) => (form.elements.namedItem(name) as HTMLInputElement | HTMLTextAreaElement | null)?.value ?? '';
  const checked = (name: string) => (form.elements.namedItem(name) as HTMLInputElement | null)?.checked ?? false;
  return {
    kind,
    id: value('id'),
    every: value('every'),
    enabled: checked('enabled'),
    url: value('url'),
    username: value('username'),
    password: value('password'),
    startTls: checked('startTls'),
    caFile: value('caFile'),
    bindDn: value('bindDn'),
    base: value('base'),
    filter: value('filter'),
    schema: value('schema') === 'activeDirectory' ? 'activeDirectory' : 'inetOrgPerson',
    pageSize: value('pageSize'),
    attributes: value('attributes'),
    customers: value('customers'),
    documents: value('documents'),
    conversations: value('conversations'),
  };
}

/** Show only the inputs (and hints) of the chosen kind. */
function showKind(form: HTMLFormElement, kind: ConnectorKind): void {
  for (const el of form.querySelectorAll<HTMLElement>('[data-kinds]')) el.hidden = !el.dataset['kinds']!.split(' ').includes(kind);
}

export const dataSourcesScreen: Screen = (root, ctx) => {
  const { t, lang } = ctx;
  let view: ConnectorsView | null = null;
  let editing: ConnectorView | null | undefined; // undefined: no form open; null: a new one
  setHtml(root, html`<h1>${t('ds_title')}</h1>
    <p class="lead">${t('ds_lead')}</p>
    <p id="ds-error" class="message error" role="alert" hidden></p>
    <p id="ds-status" class="message ok" role="status" hidden></p>
    <div class="actions"><button type="button" class="primary" data-action="add">${t('ds_add')}</button></div>
    <div id="ds-form-slot"></div>
    <div id="ds-list"><p class="muted">${t('loading')}</p></div>`);
  const list = root.querySelector<HTMLElement>('#ds-list')!;
  const slot = root.querySelector<HTMLElement>('#ds-form-slot')!;
  const pageError = root.querySelector<HTMLElement>('#ds-error')!;
  const status = root.querySelector<HTMLElement>('#ds-status')!;

  const renderList = () => {
    if (view) setHtml(list, renderConnectorList(view, { t, lang, now: Date.now() }));
  };
  const refresh = () =>
    api
      .connectors()
      .then((next) => {
        view = next;
        showMessage(pageError, '');
        renderList();
      })
      .catch((err: unknown) => showMessage(pageError, errorText(err, t), 'error'));

  function openForm(connector: ConnectorView | null): void {
    editing = connector;
    setHtml(slot, renderConnectorForm(formValuesOf(connector), connector, t));
    const form = slot.querySelector<HTMLFormElement>('#ds-form')!;
    showKind(form, formValuesOf(connector).kind);
    form.querySelector<HTMLElement>(connector ? '#ds-url' : '#ds-kind')?.focus();
  }
  function closeForm(): void {
    editing = undefined;
    setHtml(slot, html``);
  }

  slot.addEventListener('change', (event) => {
    const target = event.target as HTMLElement;
    if (target.id === 'ds-kind') showKind(slot.querySelector<HTMLFormElement>('#ds-form')!, (target as HTMLSelectElement).value as ConnectorKind);
  });
  slot.addEventListener('submit', (event) => {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const kind = (editing?.kind ?? (form.elements.namedItem('kind') as HTMLSelectElement).value) as ConnectorKind;
    clearErrors(form);
    const result = connectorInput(readForm(form, kind));
    if (!result.ok) {
      showError(form, localError(t(result.message), result.field), t);
      return;
    }
    const button = form.querySelector<HTMLButtonElement>('#ds-save')!;
    button.disabled = true;
    const request = editing ? api.replaceConnector(editing.id, result.input) : api.createConnector(result.input);
    request
      .then(() => {
        closeForm();
        showMessage(status, t('ds_saved'), 'ok');
        return refresh();
      })
      .catch((err: unknown) => showError(form, err, t))
      .finally(() => {
        button.disabled = false;
      });
  });

  onAction(root, async (action, target) => {
    const id = target.dataset['id'] ?? '';
    const connector = view?.connectors.find((c) => c.id === id) ?? null;
    showMessage(status, '');
    try {
      if (action === 'add') openForm(null);
      else if (action === 'cancel') closeForm();
      else if (action === 'edit' && connector) openForm(connector);
      else if (action === 'delete' && connector) {
        if (!(await ctx.confirm(t('ds_delete_confirm', { id }), t('delete')))) return;
        await api.deleteConnector(id);
        if (editing?.id === id) closeForm();
        await refresh();
      } else if (action === 'run') {
        const started = await api.runConnector(id);
        if (view) view = { ...view, connectors: view.connectors.map((c) => (c.id === id ? { ...started, running: true } : c)) };
        renderList();
      }
    } catch (err) {
      showMessage(pageError, errorText(err, t), 'error');
    }
  });

  void refresh();
  // Runs take seconds to minutes: the page follows them while it is open.
  return whileVisible(3000, refresh);
};
