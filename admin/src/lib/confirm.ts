/**
 * Yes/no questions in a <dialog> instead of window.confirm: it can be styled, names the action
 * on its button ("Löschen" rather than "OK"), and tests can click it like any other button.
 */
import type { Translate } from '../i18n/i18n.js';

export function confirmDialog(dialog: HTMLDialogElement, t: () => Translate) {
  return (message: string, confirmLabel: string): Promise<boolean> =>
    new Promise((resolve) => {
      dialog.replaceChildren();
      const text = document.createElement('p');
      text.id = 'confirm-message';
      text.textContent = message;
      const actions = document.createElement('div');
      actions.className = 'actions';
      const cancel = document.createElement('button');
      cancel.type = 'button';
      cancel.id = 'confirm-cancel';
      cancel.textContent = t()('cancel');
      const ok = document.createElement('button');
      ok.type = 'button';
      ok.id = 'confirm-ok';
      ok.className = 'danger';
      ok.textContent = confirmLabel;
      actions.append(cancel, ok);
      dialog.append(text, actions);
      dialog.setAttribute('aria-describedby', 'confirm-message');

      const finish = (answer: boolean) => {
        dialog.removeEventListener('close', onClose);
        if (dialog.open) dialog.close();
        resolve(answer);
      };
      // Escape closes the dialog: that is a "no".
      const onClose = () => finish(false);
      dialog.addEventListener('close', onClose);
      cancel.addEventListener('click', () => finish(false));
      ok.addEventListener('click', () => finish(true));
      dialog.showModal();
      cancel.focus();
    });
}
