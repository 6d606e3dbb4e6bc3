/**
 * Copy buttons (`button.copy`) copy the text of the input next to them. The Clipboard API needs
 * a secure context (https or localhost); a bridge reached as http://192.168.x.y is neither, so
 * the fallback selects the text for Ctrl+C and tries the old copy command.
 */
import type { Translate } from '../i18n/i18n.js';

async function copy(input: HTMLInputElement | HTMLTextAreaElement): Promise<boolean> {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(input.value);
      return true;
    }
  } catch {
    // fall through to selecting the text
  }
  input.focus();
  input.select();
  try {
    return document.execCommand('copy');
  } catch {
    return false;
  }
}

export function installCopyButtons(root: HTMLElement, t: () => Translate): void {
  root.addEventListener('click', (event) => {
    const button = (event.target as Element | null)?.closest<HTMLButtonElement>('button.copy');
    if (!button) return;
    const row = button.closest('.copy-row');
    const input = row?.querySelector<HTMLInputElement | HTMLTextAreaElement>('input, textarea');
    if (!input) return;
    void copy(input).then((ok) => {
      const label = button.dataset['label'] ?? button.textContent ?? '';
      button.dataset['label'] = label;
      button.textContent = ok ? t()('copied') : t()('copy_select');
      button.classList.toggle('copied', ok);
      setTimeout(() => {
        button.textContent = label;
        button.classList.remove('copied');
      }, 2000);
    });
  });
}
