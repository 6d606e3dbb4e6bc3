/**
 * "Einstellungen": country, trunk prefix, public URL, retention, block list and extension
 * origins. Values set by environment variables are shown read-only with the variable's name,
 * because the environment wins at every start and a change here would silently not stick.
 */
import type { SettingsView } from '@ringside/shared';
import type { Lang, Translate } from '../i18n/i18n.js';
import { formatDateTime } from '../lib/format.js';
import { api } from '../lib/api.js';
import { setHtml, showMessage } from '../lib/dom.js';
import { clearErrors, errorText, localError, showError } from '../lib/field-errors.js';
import { html, type SafeHtml } from '../lib/html.js';
import type { Screen } from '../lib/screen.js';
import { formValuesOf, SETTING_ENV, settingInputId, settingsPatch, SETTING_KEYS, type SettingKey, type SettingsFormValues } from './settings-form.js';

function renderField(key: SettingKey, label: string, hint: SafeHtml | string, input: (id: string, locked: boolean) => SafeHtml, view: SettingsView, t: Translate): SafeHtml {
  const id = settingInputId(key);
  const locked = view.lockedByEnv.includes(key);
  return html`<div class="field${locked ? ' locked' : ''}" data-field="${key}">
    <label for="${id}">${label}</label>
    ${input(id, locked)}
    <p class="hint" id="${id}-hint">${hint}</p>
    ${locked ? html`<p class="note locked">${t('locked_env_named', { variable: SETTING_ENV[key] })}</p>` : ''}
    <p class="field-error" role="alert" hidden></p>
  </div>`;
}

/**
 * Browsers whose extension origin the allowlist turned away, with one click to allow each:
 * the agent's card says "ask your administrator to add it", and this is where that happens.
 */
export function renderRefusedOrigins(view: SettingsView, t: Translate, lang: Lang): SafeHtml | '' {
  const refused = view.refusedOrigins ?? [];
  if (refused.length === 0) return '';
  const locked = view.lockedByEnv.includes('extensionOrigins');
  return html`<section class="panel refused-origins" aria-labelledby="refused-title">
    <h2 id="refused-title">${t('settings_refused_title')}</h2>
    <p class="hint">${t('settings_refused_hint')}</p>
    <ul class="refused-list">${refused.map(
      (r) => html`<li data-origin="${r.origin}">
        <code>${r.origin}</code>
        <span class="muted">${t('settings_refused_seen', { when: formatDateTime(r.lastSeen, lang), attempts: String(r.attempts) })}</span>
        <button type="button" class="primary" data-action="allow-origin" data-origin="${r.origin}" ${locked ? html`disabled` : ''}>${t('settings_refused_allow')}</button>
      </li>`,
    )}</ul>
  </section>`;
}

export function renderSettingsForm(view: SettingsView, t: Translate): SafeHtml {
  const v = formValuesOf(view.settings);
  const ro = (locked: boolean) => (locked ? html`readonly aria-readonly="true"` : '');
  const text = (key: SettingKey, extra: SafeHtml | string = '') => (id: string, locked: boolean) =>
    html`<input id="${id}" name="${key}" type="text" value="${v[key]}" autocomplete="off" aria-describedby="${id}-hint" ${ro(locked)} ${extra}>`;
  const area = (key: SettingKey, rows: number) => (id: string, locked: boolean) =>
    html`<textarea id="${id}" name="${key}" rows="${rows}" spellcheck="false" aria-describedby="${id}-hint" ${ro(locked)}>${v[key]}</textarea>`;

  return html`<form id="settings-form" class="panel" novalidate>
    <div class="grid two">
      ${renderField('country', t('settings_country'), t('settings_country_hint'), text('country', html`maxlength="2" class="short"`), view, t)}
      ${renderField('trunkPrefix', t('settings_trunk_prefix'), t('settings_trunk_prefix_hint'), text('trunkPrefix', html`maxlength="4" inputmode="numeric" class="short"`), view, t)}
    </div>
    ${renderField('publicUrl', t('settings_public_url'), t('settings_public_url_hint'), text('publicUrl', html`inputmode="url"`), view, t)}
    ${renderField(
      'retentionDays',
      t('settings_retention'),
      t('settings_retention_hint'),
      (id, locked) => html`<input id="${id}" name="retentionDays" type="number" min="1" max="3650" step="1" class="short" value="${v.retentionDays}" aria-describedby="${id}-hint" ${ro(locked)}>`,
      view,
      t,
    )}
    ${renderField('blocklist', t('settings_blocklist'), t('settings_blocklist_hint'), area('blocklist', 5), view, t)}
    ${renderField(
      'extensionOrigins',
      t('settings_origins'),
      html`${t('settings_origins_hint')} <code>chrome://extensions</code> · <code>about:debugging#/runtime/this-firefox</code>`,
      area('extensionOrigins', 3),
      view,
      t,
    )}
    <div class="actions"><button type="submit" id="settings-save" class="primary">${t('save')}</button></div>
    <p class="form-error message error" role="alert" hidden></p>
    <p id="settings-saved" class="message ok" role="status" hidden></p>
  </form>`;
}

function readValues(form: HTMLFormElement): SettingsFormValues {
  const out = {} as SettingsFormValues;
  for (const key of SETTING_KEYS) out[key] = (form.elements.namedItem(key) as HTMLInputElement | HTMLTextAreaElement | null)?.value ?? '';
  return out;
}

export const settingsScreen: Screen = (root, ctx) => {
  const { t } = ctx;
  let view: SettingsView | null = null;
  setHtml(root, html`<h1>${t('settings_title')}</h1>
    <p class="lead">${t('settings_lead')}</p>
    <p id="settings-error" class="message error" role="alert" hidden></p>
    <div id="settings"><p class="muted">${t('loading')}</p></div>`);
  const container = root.querySelector<HTMLElement>('#settings')!;
  const pageError = root.querySelector<HTMLElement>('#settings-error')!;

  function show(next: SettingsView): void {
    view = next;
    setHtml(container, html`${renderRefusedOrigins(next, t, ctx.lang)}${renderSettingsForm(next, t)}`);
  }

  container.addEventListener('click', (event) => {
    const button = (event.target as Element).closest<HTMLButtonElement>('button[data-action="allow-origin"]');
    const origin = button?.dataset.origin;
    if (!button || !origin || !view) return;
    button.disabled = true;
    api
      .patchSettings({ extensionOrigins: [...view.settings.extensionOrigins, origin] })
      .then((next) => {
        show(next);
        showMessage(container.querySelector<HTMLElement>('#settings-saved')!, t('settings_refused_allowed', { origin }), 'ok');
      })
      .catch((err: unknown) => {
        button.disabled = false;
        showMessage(pageError, errorText(err, t), 'error');
      });
  });

  container.addEventListener('submit', (event) => {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    if (!view) return;
    const saved = form.querySelector<HTMLElement>('#settings-saved')!;
    clearErrors(form);
    saved.hidden = true;
    const result = settingsPatch(readValues(form), view);
    if (!result.ok) {
      showError(form, localError(t(result.message), result.field), t);
      return;
    }
    if (Object.keys(result.patch).length === 0) {
      showMessage(saved, t('settings_unchanged'), 'ok');
      return;
    }
    const button = form.querySelector<HTMLButtonElement>('#settings-save')!;
    button.disabled = true;
    api
      .patchSettings(result.patch)
      .then((next) => {
        show(next);
        showMessage(container.querySelector<HTMLElement>('#settings-saved')!, t('settings_saved'), 'ok');
      })
      .catch((err: unknown) => showError(form, err, t))
      .finally(() => {
        button.disabled = false;
      });
  });

  api
    .settings()
    .then(show)
    .catch((err: unknown) => showMessage(pageError, errorText(err, t), 'error'));
  return () => {};
};
