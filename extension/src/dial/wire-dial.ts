import type { BridgeApi } from '../lib/api.js';
import type { Translate } from '../lib/i18n-core.js';
import { describeDialError, describeDialResult } from './dial-messages.js';

export interface DialWiring {
  api: () => Promise<BridgeApi | null>;
  t: Translate;
  /** After the phone system took the call (the lists may want to reload). */
  onDialed?: () => void;
}

/** The feedback line right after the button, created on first use; `role=status` reads it out. */
function feedbackFor(button: HTMLElement): HTMLElement {
  const next = button.nextElementSibling;
  if (next instanceof HTMLElement && next.classList.contains('dial-feedback')) return next;
  const el = document.createElement('span');
  el.className = 'dial-feedback';
  el.setAttribute('role', 'status');
  button.after(el);
  return el;
}

/**
 * One delegated click handler for every call button under `root` (card, side panel lists and
 * search results), so re-rendered lists need no re-wiring. The button is disabled while the
 * bridge asks the phone system, so a double click does not ring twice.
 */
export function wireDialButtons(root: HTMLElement, deps: DialWiring): void {
  root.addEventListener('click', (event) => {
    const button = (event.target as Element).closest<HTMLButtonElement>('button[data-action="dial"]');
    if (!button || !root.contains(button) || button.disabled) return;
    event.preventDefault();
    event.stopPropagation();
    void dial(button, deps);
  });
}

async function dial(button: HTMLButtonElement, deps: DialWiring): Promise<void> {
  const { t } = deps;
  const feedback = feedbackFor(button);
  const number = button.dataset.number ?? '';
  button.disabled = true;
  feedback.className = 'dial-feedback pending';
  feedback.textContent = t('dial_pending', button.dataset.display ?? number);
  try {
    const api = await deps.api();
    if (!api) {
      feedback.className = 'dial-feedback error';
      feedback.textContent = t('error_not_paired');
      return;
    }
    const result = await api.dial({
      number,
      ...(button.dataset.callId && { callId: button.dataset.callId }),
      ...(button.dataset.callSource && { callSource: button.dataset.callSource }),
    });
    feedback.className = `dial-feedback ${result.ok ? 'ok' : 'error'}`;
    feedback.textContent = result.ok ? describeDialResult(result.value, t) : describeDialError(result.error, t);
    if (result.ok) deps.onDialed?.();
  } finally {
    button.disabled = false;
  }
}
