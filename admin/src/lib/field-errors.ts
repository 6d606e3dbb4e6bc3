/**
 * Error answers name the field that is wrong (`field: "identifiers.sipgate.0"`); the console
 * shows the message right under that input. Forms mark their fields with `data-field` on the
 * wrapper that holds the input and an empty `.field-error`.
 */
import type { Translate } from '../i18n/i18n.js';
import { AdminApiError } from './api-client.js';

/** "identifiers.sipgate.0" -> itself, "identifiers.sipgate", "identifiers": the nearest marked wrapper wins. */
export function fieldCandidates(field: string): string[] {
  const parts = field.split('.');
  const out: string[] = [];
  for (let i = parts.length; i > 0; i--) out.push(parts.slice(0, i).join('.'));
  return out;
}

/** A check the console makes before asking the bridge, shown the same way as the bridge's own. */
export function localError(message: string, field: string | null = null): AdminApiError {
  return new AdminApiError(400, 'invalid', message, field);
}

/** One sentence for any failure; the server's own message where it is the informative part. */
export function errorText(err: unknown, t: Translate): string {
  if (!(err instanceof AdminApiError)) return t('error_unexpected', { message: err instanceof Error ? err.message : String(err) });
  if (err.status === 0) return t('error_network');
  if (err.status === 401) return t('error_session');
  if (err.status === 403) return t('error_forbidden');
  if (err.status === 413) return t('error_too_large');
  if (err.status >= 500) return t('error_server', { status: err.status, message: err.message });
  return err.message;
}

export function clearErrors(root: ParentNode): void {
  for (const el of root.querySelectorAll<HTMLElement>('.field-error, .form-error')) {
    el.textContent = '';
    el.hidden = true;
  }
  for (const el of root.querySelectorAll('[aria-invalid="true"]')) el.removeAttribute('aria-invalid');
}

/** Shows `err` at its field inside `root`, or in the root's `.form-error` when no field matches. */
export function showError(root: ParentNode, err: unknown, t: Translate): void {
  clearErrors(root);
  const field = err instanceof AdminApiError ? err.field : null;
  // Some answers repeat the field in the message ("email: Invalid email address"); next to the field that is noise.
  const full = errorText(err, t);
  const text = field && full.startsWith(`${field}: `) ? full.slice(field.length + 2) : full;
  if (field) {
    for (const name of fieldCandidates(field)) {
      const selector = `[data-field="${CSS.escape(name)}"]`;
      // The root may itself be the marked wrapper (one secret's box).
      const wrapper = root instanceof HTMLElement && root.matches(selector) ? root : root.querySelector<HTMLElement>(selector);
      const slot = wrapper?.querySelector<HTMLElement>('.field-error');
      if (wrapper && slot) {
        slot.textContent = text;
        slot.hidden = false;
        const input = wrapper.querySelector<HTMLElement>('input, textarea, select');
        input?.setAttribute('aria-invalid', 'true');
        input?.focus();
        return;
      }
    }
  }
  const general = root.querySelector<HTMLElement>('.form-error') ?? root.querySelector<HTMLElement>('.field-error');
  if (general) {
    general.textContent = field ? `${field}: ${text}` : text;
    general.hidden = false;
  }
}
