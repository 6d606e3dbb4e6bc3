/**
 * One phone system as a section: switch, URLs to paste, setup steps, secrets, what arrived
 * last and a test call. The status and secrets parts render separately, because the page
 * refreshes them every few seconds without touching what the administrator is typing.
 */
import type { SourceSecretView, SourceView } from '@ringside/shared';
import type { RenderContext } from '../lib/context.js';
import { field } from '../lib/field.js';
import { formatDateTime, relativeTime } from '../lib/format.js';
import { html, type SafeHtml } from '../lib/html.js';
import { secretEnvVar, secretHint, secretLabel, urlPurposeLabel } from './labels.js';
import { setupSteps } from './setup-steps.js';
import { renderUnmapped, type AgentChoice } from './render-unmapped.js';

/** A `<time>` the page re-labels every tick, so "vor 5 s" keeps counting without a re-render. */
export function renderWhen(iso: string, ctx: RenderContext): SafeHtml {
  return html`<time class="relative" datetime="${iso}">${relativeTime(iso, ctx.now, ctx.lang)}</time> <span class="muted">(${formatDateTime(iso, ctx.lang)})</span>`;
}

/** What changes while the page is open: last event, last error, stream connection. */
export function statusKey(source: SourceView, agents: readonly AgentChoice[] = []): string {
  return JSON.stringify([source.lastEvent, source.lastError, source.connection, source.unmapped, agents]);
}

export function renderStatus(source: SourceView, ctx: RenderContext, agents: readonly AgentChoice[] = []): SafeHtml {
  const { t } = ctx;
  const ev = source.lastEvent;
  const err = source.lastError;
  const conn = source.connection;
  return html`
    ${conn
      ? html`<p class="connection" data-connected="${conn.connected ? 'true' : 'false'}">
          <span class="badge ${conn.connected ? 'ok' : 'warn'}">${conn.connected ? t('source_connected') : t('source_disconnected')}</span>
          ${conn.target ? t('source_target', { target: conn.target }) : t('source_no_target')}
        </p>`
      : ''}
    <div class="last-event">
      <h3>${t('source_last_event')}</h3>
      ${ev
        ? html`<p>${renderWhen(ev.at, ctx)} · <span class="event-summary">${ev.summary}</span></p>
            <details class="event-content"><summary>${t('source_content')}</summary><pre>${ev.content}</pre></details>`
        : html`<p class="muted">${t('source_no_event')}</p>`}
    </div>
    <div class="last-error">
      <h3>${t('source_last_error')}</h3>
      ${err
        ? html`<p>${renderWhen(err.at, ctx)} · <span class="error-text">${err.status !== null ? `HTTP ${err.status}: ` : ''}${err.message}</span></p>
            ${err.field ? html`<details class="error-content"><summary>${t('source_error_field')}</summary><pre>${err.field}</pre></details>` : ''}`
        : html`<p class="muted">${t('source_no_error')}</p>`}
    </div>
    ${renderUnmapped(source, agents, ctx)}`;
}

export function secretsKey(source: SourceView): string {
  return JSON.stringify(source.secrets);
}

function renderSecret(source: SourceView, secret: SourceSecretView, ctx: RenderContext): SafeHtml {
  const { t } = ctx;
  const inputId = `secret-${source.id}-${secret.name}`;
  const state = html`<span class="badge ${secret.set ? 'ok' : ''}">${secret.set ? t('secret_set') : t('secret_not_set')}</span>`;
  if (secret.lockedByEnv) {
    const variable = secretEnvVar(secret.name);
    return html`<div class="secret" data-secret="${secret.name}">
      <p><strong>${secretLabel(secret.name, t)}</strong> ${state}</p>
      <p class="note locked">${variable ? t('locked_env_named', { variable }) : t('locked_env')}</p>
    </div>`;
  }
  const input =
    secret.format === 'pem'
      ? html`<textarea id="${inputId}" class="secret-input" rows="6" spellcheck="false" autocomplete="off" placeholder="-----BEGIN PUBLIC KEY-----"></textarea>`
      : html`<input id="${inputId}" class="secret-input" type="password" autocomplete="off" spellcheck="false">`;
  return html`<div class="secret field" data-secret="${secret.name}" data-field="secrets.${secret.name}">
    <p class="secret-head"><label for="${inputId}">${secretLabel(secret.name, t)}</label> ${state}</p>
    ${input}
    <p class="hint">${secretHint(secret.name, t) ?? ''} ${secret.set ? t('secret_replace_hint') : t('secret_hint')}</p>
    <div class="actions">
      <button type="button" data-action="save-secret">${t('secret_save')}</button>
      ${secret.set ? html`<button type="button" class="danger" data-action="remove-secret">${t('secret_remove')}</button>` : ''}
    </div>
    <p class="field-error" role="alert" hidden></p>
    <p class="secret-saved message ok" role="status" hidden></p>
  </div>`;
}

export function renderSecrets(source: SourceView, ctx: RenderContext): SafeHtml {
  return html`${source.secrets.map((s) => renderSecret(source, s, ctx))}`;
}

/**
 * Secrets are optional hardening; folded away until one is in use, so eight phone systems do not
 * make the page endless. The summary says how many are set.
 */
function renderSecretsBox(source: SourceView, ctx: RenderContext): SafeHtml {
  if (source.secrets.length === 0) return html``;
  const inUse = source.secrets.some((s) => s.set || s.lockedByEnv);
  const set = source.secrets.filter((s) => s.set).length;
  return html`<details class="secrets" ${inUse ? 'open' : ''}>
    <summary>${ctx.t('source_secrets')} <span class="muted">(${ctx.t('source_secrets_count', { set, total: source.secrets.length })})</span></summary>
    <div class="source-secrets">${renderSecrets(source, ctx)}</div>
  </details>`;
}

/** A compact overview above the sections: every system, whether it is on, and when it was last heard from. */
export function renderOverview(sources: readonly SourceView[], ctx: RenderContext): SafeHtml {
  const { t } = ctx;
  return html`<table class="source-overview">
    <caption class="visually-hidden">${t('sources_overview')}</caption>
    <thead><tr><th scope="col">${t('sources_overview_system')}</th><th scope="col">${t('source_enabled')}</th><th scope="col">${t('source_last_event')}</th></tr></thead>
    <tbody>${sources.map(
      (s) => html`<tr data-overview="${s.id}">
        <th scope="row"><button type="button" class="link" data-action="jump" data-target="${s.id}">${s.name}</button></th>
        <td class="overview-enabled">${s.enabled ? t('yes') : t('no')}</td>
        <td class="overview-last">${s.lastEvent ? renderWhenShort(s.lastEvent.at, ctx) : html`<span class="muted">—</span>`}${
          s.connection ? html` <span class="badge ${s.connection.connected ? 'ok' : 'warn'}">${s.connection.connected ? t('source_connected') : t('source_disconnected')}</span>` : ''
        }</td>
      </tr>`,
    )}</tbody>
  </table>`;
}

function renderWhenShort(iso: string, ctx: RenderContext): SafeHtml {
  return html`<time class="relative" datetime="${iso}">${relativeTime(iso, ctx.now, ctx.lang)}</time>`;
}

function renderUrls(source: SourceView, ctx: RenderContext): SafeHtml {
  const { t } = ctx;
  if (source.tokenNeeded) return html`<p class="message warn source-token-needed">${t('url_token_needed', { variable: source.tokenNeeded })}</p>`;
  if (source.urls.length === 0) return html``;
  return html`<div class="source-urls">${source.urls.map((u, i) => {
    const id = `url-${source.id}-${i}`;
    return html`<div class="copy-row">
      <label for="${id}">${urlPurposeLabel(u.purpose, t)}</label>
      <div class="copy-line">
        <input id="${id}" class="source-url" data-purpose="${u.purpose}" type="text" readonly value="${u.url}">
        <button type="button" class="copy">${t('copy')}</button>
      </div>
    </div>`;
  })}</div>`;
}

function renderTestForm(source: SourceView, ctx: RenderContext): SafeHtml {
  const { t } = ctx;
  if (!source.testable) return html``;
  const id = (what: string) => `test-${source.id}-${what}`;
  return html`<div class="test-call">
    <h3>${t('test_title')}</h3>
    <p class="hint">${t('test_hint')}</p>
    <form class="test-call-form">
      ${field(id('from'), 'from', t('test_from'), html`<input id="${id('from')}" class="test-from" type="text" inputmode="tel" autocomplete="off" placeholder="030 2312574-21">`)}
      ${field(id('to'), 'to', t('test_to'), html`<input id="${id('to')}" class="test-to" type="text" autocomplete="off" placeholder="21">`)}
      <div class="actions"><button type="submit" class="send-test-call">${t('test_send')}</button></div>
      <p class="form-error message error" role="alert" hidden></p>
    </form>
    <div class="test-result" aria-live="polite"></div>
  </div>`;
}

export function renderSource(source: SourceView, ctx: RenderContext, agents: readonly AgentChoice[] = []): SafeHtml {
  const { t } = ctx;
  const steps = setupSteps(source.id, ctx.lang);
  const switchId = `enabled-${source.id}`;
  return html`<section class="source panel" data-source="${source.id}" aria-labelledby="title-${source.id}">
    <header class="source-head">
      <h2 id="title-${source.id}" tabindex="-1">${source.name}</h2>
      <span class="badge">${t(`kind_${source.kind}` as const)}</span>
      <label class="switch" for="${switchId}">
        <input id="${switchId}" class="source-enabled" type="checkbox" ${source.enabled ? 'checked' : ''}>
        <span>${t('source_enabled')}</span>
      </label>
    </header>
    <p class="form-error message error" role="alert" hidden></p>
    ${renderUrls(source, ctx)}
    ${steps.length > 0
      ? html`<details class="setup" ${source.lastEvent ? '' : 'open'}><summary>${t('source_setup')}</summary><ol>${steps.map((s) => html`<li>${s}</li>`)}</ol></details>`
      : ''}
    <div class="source-status">${renderStatus(source, ctx, agents)}</div>
    ${renderSecretsBox(source, ctx)}
    ${renderTestForm(source, ctx)}
  </section>`;
}
