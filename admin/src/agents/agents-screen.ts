/**
 * "Mitarbeitende": create agents, edit them inline, issue new pairing tokens, delete them. The
 * list refreshes every 5 s so "verbunden" appears as soon as a colleague's browser pairs; a row
 * being edited only gets its connection badge updated.
 */
import type { AgentView, AgentWithToken } from '@ringside/shared';
import { api } from '../lib/api.js';
import { onAction, setHtml } from '../lib/dom.js';
import { clearErrors, errorText, localError, showError } from '../lib/field-errors.js';
import { html } from '../lib/html.js';
import { whileVisible, type Screen } from '../lib/screen.js';
import { agentInputFrom, EMPTY_FORM, formValuesOf } from './agent-form.js';
import { readAgentFields, renderAgentFields, renderAgentList, renderAgentRow, renderConnection, renderPairing } from './render-agents.js';

const REFRESH_MS = 5_000;

export const agentsScreen: Screen = (root, ctx) => {
  const { t } = ctx;
  let agents: AgentView[] = [];
  let shownKey = '';

  setHtml(root, html`<h1>${t('agents_title')}</h1>
    <p class="lead">${t('agents_lead')}</p>
    <section id="pairing" class="panel pairing" aria-live="polite" hidden></section>
    <section class="panel">
      <h2>${t('agents_list')}</h2>
      <p class="form-error message error" id="agents-error" role="alert" hidden></p>
      <div id="agents" aria-busy="true"><p class="muted">${t('loading')}</p></div>
    </section>
    <section class="panel">
      <h2>${t('agents_create')}</h2>
      <form id="agent-form" novalidate>
        ${renderAgentFields('agent', EMPTY_FORM, t)}
        <div class="actions"><button type="submit" id="agent-create" class="primary">${t('agents_create_button')}</button></div>
        <p class="form-error message error" role="alert" hidden></p>
      </form>
    </section>`);

  const list = root.querySelector<HTMLElement>('#agents')!;
  const listError = root.querySelector<HTMLElement>('#agents-error')!;
  const pairing = root.querySelector<HTMLElement>('#pairing')!;
  const createForm = root.querySelector<HTMLFormElement>('#agent-form')!;

  const rowOf = (id: string) => [...list.querySelectorAll<HTMLElement>('li[data-agent]')].find((li) => li.dataset['agent'] === id) ?? null;

  function showList(next: AgentView[], force = false): void {
    agents = next;
    const editing = list.querySelector('li.editing');
    if (editing) {
      for (const a of next) {
        const badge = rowOf(a.id)?.querySelector('.agent-connection');
        if (badge) badge.outerHTML = renderConnection(a, t).html;
      }
      return;
    }
    const key = JSON.stringify(next);
    if (key === shownKey && !force) return;
    shownKey = key;
    setHtml(list, renderAgentList(next, t));
    list.removeAttribute('aria-busy');
  }

  async function load(force = false): Promise<void> {
    try {
      showList((await api.agents()).agents, force);
      listError.hidden = true;
    } catch (err) {
      listError.textContent = errorText(err, t);
      listError.hidden = false;
    }
  }

  function showPairing(agent: AgentWithToken): void {
    setHtml(pairing, renderPairing(agent, t));
    pairing.hidden = false;
    pairing.scrollIntoView({ block: 'start', behavior: 'smooth' });
    pairing.querySelector<HTMLInputElement>('#pairing-token')?.focus();
  }

  createForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const input = agentInputFrom(readAgentFields(createForm));
    if (input.name === '') {
      showError(createForm, localError(t('agent_name_required'), 'name'), t);
      return;
    }
    const button = createForm.querySelector<HTMLButtonElement>('button[type=submit]')!;
    button.disabled = true;
    clearErrors(createForm);
    api
      .createAgent(input)
      .then(async (agent) => {
        createForm.reset();
        showPairing(agent);
        await load(true);
      })
      .catch((err: unknown) => showError(createForm, err, t))
      .finally(() => {
        button.disabled = false;
      });
  });

  onAction(pairing, (action) => {
    if (action !== 'close-pairing') return;
    // The token leaves the page with the panel; it cannot be shown again.
    setHtml(pairing, html``);
    pairing.hidden = true;
  });

  onAction(list, async (action, target) => {
    const row = target.closest<HTMLElement>('li[data-agent]');
    const agent = agents.find((a) => a.id === row?.dataset['agent']);
    if (!row || !agent) return;
    switch (action) {
      case 'edit':
        row.classList.add('editing');
        setHtml(row, html`<form class="agent-edit-form" novalidate>
          ${renderAgentFields(`edit-${agent.id}`, formValuesOf(agent), t)}
          <div class="actions">
            <button type="submit" class="primary">${t('save')}</button>
            <button type="button" data-action="cancel-edit">${t('cancel')}</button>
          </div>
          <p class="form-error message error" role="alert" hidden></p>
        </form>`);
        row.querySelector<HTMLInputElement>('input[name=name]')?.focus();
        return;
      case 'cancel-edit':
        row.classList.remove('editing');
        row.outerHTML = renderAgentRow(agent, t).html;
        return;
      case 'token':
        if (!(await ctx.confirm(t('agent_token_confirm', { name: agent.name }), t('agent_new_token')))) return;
        try {
          showPairing(await api.newAgentToken(agent.id));
          await load(true);
        } catch (err) {
          listError.textContent = errorText(err, t);
          listError.hidden = false;
        }
        return;
      case 'delete':
        if (!(await ctx.confirm(t('agent_delete_confirm', { name: agent.name }), t('delete')))) return;
        try {
          await api.deleteAgent(agent.id);
          await load(true);
        } catch (err) {
          listError.textContent = errorText(err, t);
          listError.hidden = false;
        }
        return;
    }
  });

  list.addEventListener('submit', (event) => {
    const form = event.target as HTMLFormElement;
    if (!form.classList.contains('agent-edit-form')) return;
    event.preventDefault();
    const row = form.closest<HTMLElement>('li[data-agent]')!;
    const agent = agents.find((a) => a.id === row.dataset['agent']);
    if (!agent) return;
    const patch = agentInputFrom(readAgentFields(form), agent);
    if (patch.name === '') {
      showError(form, localError(t('agent_name_required'), 'name'), t);
      return;
    }
    api
      .patchAgent(agent.id, patch)
      .then(async (updated) => {
        row.classList.remove('editing');
        agents = agents.map((a) => (a.id === updated.id ? updated : a));
        row.outerHTML = renderAgentRow(updated, t).html;
        await load(true);
      })
      .catch((err: unknown) => showError(form, err, t));
  });

  void load();
  return whileVisible(REFRESH_MS, () => load());
};
