/**
 * Identifiers a phone system named that belong to no agent (sipgate `w0`, a Zammad user name):
 * such calls ring everyone until one is assigned. Each row assigns with one click.
 */
import type { AgentView, SourceView } from '@ringside/shared';
import type { RenderContext } from '../lib/context.js';
import { html, type SafeHtml } from '../lib/html.js';

export interface AgentChoice {
  id: string;
  name: string;
}

export function agentChoices(agents: readonly AgentView[]): AgentChoice[] {
  return agents.map((a) => ({ id: a.id, name: a.name })).sort((a, b) => a.name.localeCompare(b.name));
}

export function renderUnmapped(source: SourceView, agents: readonly AgentChoice[], ctx: RenderContext): SafeHtml {
  const { t } = ctx;
  if (source.unmapped.length === 0) return html``;
  return html`<div class="unmapped">
    <h3>${t('unmapped_title')}</h3>
    <p class="hint">${t('unmapped_hint')}</p>
    <ul class="unmapped-list">${source.unmapped.map((u, i) => {
      const selectId = `unmapped-${source.id}-${i}`;
      return html`<li class="unmapped-row field" data-identifier="${u.identifier}" data-field="agentId">
        <span class="unmapped-identifier"><code>${u.identifier}</code>
          <span class="muted">${t(u.role === 'ringing' ? 'unmapped_role_ringing' : 'unmapped_role_answered')} · ${t('unmapped_count', { count: u.count })}</span></span>
        ${agents.length > 0
          ? html`<label class="visually-hidden" for="${selectId}">${t('unmapped_agent', { identifier: u.identifier })}</label>
              <select id="${selectId}" class="unmapped-agent">${agents.map((a) => html`<option value="${a.id}">${a.name}</option>`)}</select>
              <button type="button" data-action="assign-identifier">${t('unmapped_assign')}</button>`
          : html`<span class="muted">${t('unmapped_no_agents')}</span>`}
        <p class="field-error" role="alert" hidden></p>
      </li>`;
    })}</ul>
  </div>`;
}
