/**
 * "Wählen aus Ringside": per phone system its dial settings (secrets write-only), whether it is
 * ready, and a test dial whose result is the phone system's answer in plain words.
 */
import type { DialFieldView, DialSourceView, TestDialResult } from '@ringside/shared';
import type { MessageKey, Translate } from '../i18n/i18n.js';
import type { RenderContext } from '../lib/context.js';
import { field } from '../lib/field.js';
import { html, type SafeHtml } from '../lib/html.js';

const FIELD_LABELS: Record<string, { de: string; en: string }> = {
  url: { de: 'Adresse', en: 'Address' },
  username: { de: 'Benutzername', en: 'User name' },
  password: { de: 'Kennwort', en: 'Password' },
  apiUrl: { de: 'API-Adresse', en: 'API address' },
  tokenId: { de: 'Token-ID', en: 'Token id' },
  token: { de: 'Token', en: 'Token' },
  context: { de: 'Kontext (Dialplan)', en: 'Context (dialplan)' },
  channel: { de: 'Kanal-Vorlage', en: 'Channel template' },
  method: { de: 'HTTP-Methode', en: 'HTTP method' },
  headers: { de: 'Kopfzeilen (eine je Zeile, Name: Wert)', en: 'Headers (one per line, Name: value)' },
  body: { de: 'Inhalt', en: 'Body' },
  authorization: { de: 'Authorization-Kopfzeile (geheim)', en: 'Authorization header (secret)' },
};

export function fieldLabel(name: string, lang: 'de' | 'en'): string {
  return FIELD_LABELS[name]?.[lang] ?? name;
}

export function sourceTitle(source: string, t: Translate): string {
  return t(`dial_source_${source}` as MessageKey) || source;
}

function renderField(source: string, f: DialFieldView, ctx: RenderContext): SafeHtml {
  const { t } = ctx;
  const id = `dial-${source}-${f.name}`;
  const label = fieldLabel(f.name, ctx.lang);
  const state = f.secret ? html` <span class="badge ${f.set ? 'ok' : ''}">${f.set ? t('secret_set') : t('secret_not_set')}</span>` : '';
  if (f.lockedByEnv) {
    return html`<div class="field" data-field="values.${f.name}">
      <p><strong>${label}</strong>${state}${f.secret ? '' : html` <code>${f.value ?? ''}</code>`}</p>
      <p class="note locked">${t('locked_env_named', { variable: f.envVar })}</p>
    </div>`;
  }
  const placeholder = f.default ?? '';
  const input = f.multiline
    ? html`<textarea id="${id}" name="${f.name}" rows="4" spellcheck="false" autocomplete="off" placeholder="${placeholder}">${f.value ?? ''}</textarea>`
    : html`<input id="${id}" name="${f.name}" type="${f.secret ? 'password' : 'text'}" spellcheck="false" autocomplete="off" placeholder="${placeholder}" value="${f.secret ? '' : (f.value ?? '')}">`;
  return html`<div class="field" data-field="values.${f.name}">
    <label for="${id}">${label}${f.required ? ' *' : ''}</label>${state}
    ${input}
    <p class="hint">${f.secret ? (f.set ? t('secret_replace_hint') : t('secret_hint')) : f.default ? t('dial_default', { value: f.default }) : ''} <span class="muted">${f.envVar}</span></p>
    <p class="field-error" role="alert" hidden></p>
  </div>`;
}

export function renderDialSource(view: DialSourceView, ctx: RenderContext): SafeHtml {
  const { t } = ctx;
  const id = (what: string) => `dial-${view.source}-${what}`;
  const editable = view.fields.some((f) => !f.lockedByEnv);
  return html`<section class="panel dial-source" data-dial-source="${view.source}" aria-labelledby="${id('title')}">
    <header class="source-head">
      <h3 id="${id('title')}">${sourceTitle(view.source, t)}</h3>
      <span class="badge dial-ready ${view.ready ? 'ok' : ''}">${view.ready ? t('dial_ready') : t('dial_not_ready')}</span>
    </header>
    <p class="hint">${t('dial_device_hint', { hint: t(`dial_device_${view.source}` as MessageKey) || view.deviceHint })}</p>
    ${view.source === 'generic' ? html`<p class="hint">${t('dial_generic_hint')}</p>` : ''}
    <form class="dial-settings-form stack">
      ${view.fields.map((f) => renderField(view.source, f, ctx))}
      ${editable ? html`<div class="actions"><button type="submit">${t('dial_save')}</button></div>` : ''}
      <p class="form-error message error" role="alert" hidden></p>
      <p class="dial-saved message ok" role="status" hidden></p>
    </form>
    <details class="dial-test">
      <summary>${t('dial_test_title')}</summary>
      <p class="hint">${t('dial_test_hint')}</p>
      <form class="dial-test-form">
        ${field(id('test-number'), 'number', t('dial_test_number'), html`<input id="${id('test-number')}" name="number" type="text" inputmode="tel" autocomplete="off" placeholder="030 2312574">`)}
        ${field(id('test-device'), 'device', t('dial_test_device'), html`<input id="${id('test-device')}" name="device" type="text" autocomplete="off">`)}
        <div class="actions"><button type="submit">${t('dial_test_send')}</button></div>
        <p class="form-error message error" role="alert" hidden></p>
      </form>
      <div class="dial-test-result" aria-live="polite"></div>
    </details>
  </section>`;
}

export function renderDialSources(views: readonly DialSourceView[], ctx: RenderContext): SafeHtml {
  return html`<h2 id="dial-title">${ctx.t('dial_title')}</h2>
    <p class="lead">${ctx.t('dial_lead')}</p>
    ${views.map((v) => renderDialSource(v, ctx))}`;
}

const FAILURES: Record<string, MessageKey> = {
  auth: 'dial_fail_auth',
  busy: 'dial_fail_busy',
  timeout: 'dial_fail_timeout',
  unreachable: 'dial_fail_unreachable',
  refused: 'dial_fail_refused',
  'not-configured': 'dial_fail_not_configured',
};

/**
 * The outcome in the console's language, then the bridge's own sentence (which names the
 * vendor's error code), then what the phone system literally answered.
 */
export function renderTestDial(result: TestDialResult, device: string, ctx: RenderContext): SafeHtml {
  const { t } = ctx;
  const headline = result.ok
    ? t('dial_test_ok_plain', { device, dialed: result.dialed ?? '' })
    : t(FAILURES[result.failure ?? ''] ?? 'dial_fail_number');
  return html`<div class="dial-test-answer">
    <p class="message ${result.ok ? 'ok' : 'error'}">${headline}</p>
    <p class="muted dial-test-said">${t('dial_test_said', { message: result.message })}</p>
    ${result.dialed ? html`<p class="muted">${t('dial_test_dialed', { dialed: result.dialed })}</p>` : ''}
    ${result.detail ? html`<details><summary>${t('dial_test_detail')}</summary><pre>${result.detail}</pre></details>` : ''}
  </div>`;
}
