/**
 * "Anmelden": the admin token for a session cookie. The token is never stored by the page; the
 * bridge answers with an HttpOnly cookie and a CSRF token kept in memory.
 */
import type { Translate } from './i18n/i18n.js';
import { api } from './lib/api.js';
import { AdminApiError } from './lib/api-client.js';
import { setHtml } from './lib/dom.js';
import { clearErrors, localError, showError } from './lib/field-errors.js';
import { html } from './lib/html.js';

export function mountSignIn(root: HTMLElement, t: Translate, onSignedIn: () => void, reason: 'start' | 'expired' | 'signed-out'): void {
  setHtml(root, html`<section class="panel sign-in" aria-labelledby="sign-in-title">
    <h1 id="sign-in-title">${t('sign_in_title')}</h1>
    ${reason === 'expired' ? html`<p class="message warn">${t('sign_in_expired')}</p>` : ''}
    ${reason === 'signed-out' ? html`<p class="message ok">${t('sign_in_signed_out')}</p>` : ''}
    <form id="sign-in-form" novalidate>
      <div class="field" data-field="token">
        <label for="admin-token">${t('sign_in_token')}</label>
        <input id="admin-token" name="token" type="password" autocomplete="current-password" required aria-describedby="admin-token-hint">
        <p class="hint" id="admin-token-hint">${t('sign_in_token_hint')}</p>
        <p class="field-error" id="sign-in-error" role="alert" hidden></p>
      </div>
      <div class="actions"><button type="submit" id="sign-in" class="primary">${t('sign_in_button')}</button></div>
      <p class="form-error message error" role="alert" hidden></p>
    </form>
  </section>`);

  const form = root.querySelector<HTMLFormElement>('#sign-in-form')!;
  const input = root.querySelector<HTMLInputElement>('#admin-token')!;
  const button = root.querySelector<HTMLButtonElement>('#sign-in')!;
  input.focus();

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearErrors(form);
    const token = input.value.trim();
    if (token === '') {
      showError(form, localError(t('sign_in_missing'), 'token'), t);
      return;
    }
    button.disabled = true;
    api
      .signIn(token)
      .then(() => {
        input.value = '';
        onSignedIn();
      })
      .catch((err: unknown) => {
        // A wrong token is the common case: say so in words, not as "HTTP 401"; so is the lock
        // after too many of them from this address (the bridge's failed-attempt budget).
        const shown =
          err instanceof AdminApiError && err.status === 401
            ? localError(t('sign_in_wrong'), 'token')
            : err instanceof AdminApiError && err.code === 'too_many_failed_attempts'
              ? localError(t('sign_in_locked'), 'token')
              : err;
        showError(form, shown, t);
        input.select();
      })
      .finally(() => {
        button.disabled = false;
      });
  });
}
