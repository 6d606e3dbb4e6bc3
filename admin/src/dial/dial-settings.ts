/** Mounts "Wählen aus Ringside" on the phone-systems page: load, save a source's settings, test dial. */
import type { DialSourceView } from '@ringside/shared';
import { api } from '../lib/api.js';
import type { RenderContext } from '../lib/context.js';
import { setHtml, showMessage } from '../lib/dom.js';
import { clearErrors, errorText, localError, showError } from '../lib/field-errors.js';
import { html } from '../lib/html.js';
import type { ScreenContext } from '../lib/screen.js';
import { renderDialSource, renderDialSources, renderTestDial } from './render-dial.js';

export function mountDialSettings(root: HTMLElement, ctx: ScreenContext): void {
  const renderCtx = (): RenderContext => ({ t: ctx.t, lang: ctx.lang, now: Date.now() });
  const sectionOf = (source: string) =>
    [...root.querySelectorAll<HTMLElement>('section[data-dial-source]')].find((s) => s.dataset['dialSource'] === source) ?? null;

  async function load(): Promise<void> {
    try {
      const { sources } = await api.dialSources();
      setHtml(root, renderDialSources(sources, renderCtx()));
    } catch (err) {
      setHtml(root, html`<p class="message error">${errorText(err, ctx.t)}</p>`);
    }
  }

  function replace(view: DialSourceView): void {
    const old = sectionOf(view.source);
    if (!old) return;
    const holder = document.createElement('div');
    setHtml(holder, renderDialSource(view, renderCtx()));
    const fresh = holder.firstElementChild!;
    old.replaceWith(fresh);
  }

  async function save(form: HTMLFormElement, source: string): Promise<void> {
    clearErrors(form);
    const values: Record<string, string | null> = {};
    for (const el of form.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('input[name], textarea[name]')) {
      // An empty secret input means "keep the stored one": it is never shown, so it is always empty.
      if (el.type === 'password' && el.value === '') continue;
      values[el.name] = el.value === '' ? null : el.value;
    }
    try {
      const view = await api.patchDial(source, { values });
      replace(view);
      const saved = sectionOf(source)?.querySelector<HTMLElement>('.dial-saved');
      if (saved) showMessage(saved, ctx.t('dial_saved'), 'ok');
    } catch (err) {
      showError(form, err, ctx.t);
    }
  }

  async function test(form: HTMLFormElement, source: string): Promise<void> {
    clearErrors(form);
    const result = form.parentElement!.querySelector<HTMLElement>('.dial-test-result')!;
    const number = (form.elements.namedItem('number') as HTMLInputElement).value.trim();
    const device = (form.elements.namedItem('device') as HTMLInputElement).value.trim();
    if (!number) return showError(form, localError(ctx.t('dial_test_number'), 'number'), ctx.t);
    if (!device) return showError(form, localError(ctx.t('dial_test_device'), 'device'), ctx.t);
    const button = form.querySelector<HTMLButtonElement>('button[type=submit]')!;
    button.disabled = true;
    setHtml(result, html`<p class="muted">${ctx.t('dial_test_sending')}</p>`);
    try {
      setHtml(result, renderTestDial(await api.testDial(source, { number, device }), device, renderCtx()));
    } catch (err) {
      setHtml(result, html``);
      showError(form, err, ctx.t);
    } finally {
      button.disabled = false;
    }
  }

  root.addEventListener('submit', (event) => {
    const form = event.target as HTMLFormElement;
    const source = form.closest<HTMLElement>('section[data-dial-source]')?.dataset['dialSource'];
    if (!source) return;
    event.preventDefault();
    if (form.classList.contains('dial-settings-form')) void save(form, source);
    else if (form.classList.contains('dial-test-form')) void test(form, source);
  });

  void load();
}
