/** Markup of the agents page: the form (create and inline edit), the list rows, the pairing panel. */
import type { AgentView, AgentWithToken } from '@ringside/shared';
import type { Translate } from '../i18n/i18n.js';
import { field } from '../lib/field.js';
import { html, type SafeHtml } from '../lib/html.js';
import { DIAL_DEVICE_PLACEHOLDERS, IDENTIFIER_SOURCES, identifierSummary, type AgentFormValues } from './agent-form.js';
import { DIAL_SOURCES } from '@ringside/shared/admin-constants';
import { sourceTitle } from '../dial/render-dial.js';

/**
 * The fields of an agent. `prefix` keeps ids unique: "agent" for the create form (ids
 * agent-name, agent-email, …), "edit-<id>" for a row being edited.
 */
export function renderAgentFields(prefix: string, values: AgentFormValues, t: Translate): SafeHtml {
  const id = (what: string) => `${prefix}-${what}`;
  return html`
    <div class="grid two">
      ${field(id('name'), 'name', t('agent_name'), html`<input id="${id('name')}" name="name" type="text" required maxlength="100" autocomplete="off" value="${values.name}">`)}
      ${field(id('email'), 'email', t('agent_email'), html`<input id="${id('email')}" name="email" type="email" maxlength="200" autocomplete="off" value="${values.email}">`)}
    </div>
    ${field(
      id('extensions'),
      'extensions',
      t('agent_extensions'),
      html`<input id="${id('extensions')}" name="extensions" type="text" autocomplete="off" placeholder="21, 22" value="${values.extensions}" aria-describedby="${id('extensions')}-hint">`,
      t('agent_extensions_hint'),
    )}
    <fieldset class="identifiers">
      <legend>${t('agent_identifiers')}</legend>
      <p class="hint">${t('agent_identifiers_hint')}</p>
      <div class="grid two">
        ${IDENTIFIER_SOURCES.map((s) =>
          field(
            id(`ident-${s.id}`),
            `identifiers.${s.id}`,
            s.label,
            html`<input id="${id(`ident-${s.id}`)}" name="ident-${s.id}" data-identifier="${s.id}" type="text" autocomplete="off" placeholder="${s.placeholder}" value="${values.identifiers[s.id] ?? ''}" aria-describedby="${id(`ident-${s.id}`)}-hint">`,
            t(s.hint),
          ),
        )}
      </div>
    </fieldset>
    <fieldset class="dial-devices">
      <legend>${t('agent_dial_devices')}</legend>
      <p class="hint">${t('agent_dial_devices_hint')}</p>
      <div class="grid two">
        ${DIAL_SOURCES.map((s) =>
          field(
            id(`dial-${s}`),
            `dialDevices.${s}`,
            sourceTitle(s, t),
            html`<input id="${id(`dial-${s}`)}" name="dial-${s}" data-dial-device="${s}" type="text" autocomplete="off" maxlength="120" placeholder="${DIAL_DEVICE_PLACEHOLDERS[s]}" value="${values.dialDevices?.[s] ?? ''}">`,
          ),
        )}
      </div>
    </fieldset>`;
}

/** Reads a form rendered by `renderAgentFields` back into its values. */
export function readAgentFields(form: HTMLFormElement): AgentFormValues {
  const value = (name: string) => (form.elements.namedItem(name) as HTMLInputElement | null)?.value ?? '';
  const identifiers: Record<string, string> = {};
  for (const input of form.querySelectorAll<HTMLInputElement>('input[data-identifier]')) identifiers[input.dataset['identifier']!] = input.value;
  const dialDevices: Record<string, string> = {};
  for (const input of form.querySelectorAll<HTMLInputElement>('input[data-dial-device]')) dialDevices[input.dataset['dialDevice']!] = input.value;
  return { name: value('name'), email: value('email'), extensions: value('extensions'), identifiers, dialDevices };
}

export function renderConnection(agent: AgentView, t: Translate): SafeHtml {
  const connected = agent.connections > 0;
  return html`<span class="badge agent-connection ${connected ? 'ok' : ''}" data-connected="${connected ? 'true' : 'false'}">${
    connected ? (agent.connections > 1 ? t('agent_connected_n', { count: agent.connections }) : t('agent_connected')) : t('agent_not_connected')
  }</span>`;
}

export function renderAgentRow(agent: AgentView, t: Translate): SafeHtml {
  const identifiers = identifierSummary(agent.identifiers);
  return html`<li class="agent" data-agent="${agent.id}">
    <div class="agent-main">
      <p><strong class="agent-name">${agent.name}</strong> ${renderConnection(agent, t)}</p>
      ${agent.email ? html`<p class="muted agent-email">${agent.email}</p>` : ''}
      <p class="agent-extensions">${t('agent_extensions_short')}: ${agent.extensions.length > 0 ? agent.extensions.join(', ') : '—'}</p>
      ${identifiers ? html`<p class="agent-identifiers muted">${identifiers}</p>` : ''}
      ${Object.keys(agent.dialDevices ?? {}).length > 0
        ? html`<p class="agent-dial muted">${t('agent_dial_short')}: ${Object.entries(agent.dialDevices).map(([s, d]) => `${sourceTitle(s, t)}: ${d}`).join(' · ')}</p>`
        : ''}
    </div>
    <div class="actions">
      <button type="button" data-action="edit">${t('edit')}</button>
      <button type="button" data-action="token">${t('agent_new_token')}</button>
      <button type="button" class="danger" data-action="delete">${t('delete')}</button>
    </div>
  </li>`;
}

export function renderAgentList(agents: AgentView[], t: Translate): SafeHtml {
  if (agents.length === 0) return html`<p class="muted">${t('agents_none')}</p>`;
  return html`<ul class="agent-list">${agents.map((a) => renderAgentRow(a, t))}</ul>`;
}

function copyRow(id: string, label: string, value: string, cls: string, copyLabel: string): SafeHtml {
  return html`<div class="copy-row">
    <label for="${id}">${label}</label>
    <div class="copy-line"><input id="${id}" class="${cls}" type="text" readonly value="${value}"><button type="button" class="copy">${copyLabel}</button></div>
  </div>`;
}

/** Shown once after creating an agent or issuing a new token: the token is never shown again. */
export function renderPairing(agent: AgentWithToken, t: Translate): SafeHtml {
  const { links, fragment } = agent.pairing;
  return html`<h2>${t('pairing_title', { name: agent.name })}</h2>
    <p class="message warn once">${t('pairing_once')}</p>
    ${copyRow('pairing-token', t('pairing_token'), agent.token, 'pairing-token', t('copy'))}
    ${links.length > 0
      ? html`<h3>${t('pairing_links')}</h3>
          <p>${t('pairing_links_how')}</p>
          ${links.map((link, i) => copyRow(`pairing-link-${i}`, t('pairing_link_n', { n: i + 1 }), link, 'pairing-link', t('copy')))}`
      : html`<p class="note">${t('pairing_no_links')}</p>`}
    ${copyRow('pairing-fragment', t('pairing_fragment'), fragment, 'pairing-fragment', t('copy'))}
    <p class="hint">${t('pairing_fragment_how')}</p>
    <p>${t('pairing_manual')}</p>
    <div class="actions"><button type="button" data-action="close-pairing">${t('pairing_done')}</button></div>`;
}
