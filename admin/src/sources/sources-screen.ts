/**
 * "Telefonanlagen": loads the sources, then refreshes their status every 5 s while the page is
 * visible, so a webhook sent during setup shows up as "last event" within seconds. Only the
 * parts that changed are re-rendered; inputs the administrator is typing into stay untouched.
 */
import type { SourceView } from '@ringside/shared';
import { api } from '../lib/api.js';
import type { RenderContext } from '../lib/context.js';
import { onAction, setHtml, showMessage } from '../lib/dom.js';
import { clearErrors, errorText, localError, showError } from '../lib/field-errors.js';
import { relativeTime } from '../lib/format.js';
import { html } from '../lib/html.js';
import { whileVisible, type Screen, type ScreenContext } from '../lib/screen.js';
import { renderOverview, renderSecrets, renderSource, renderStatus, secretsKey, statusKey } from './render-source.js';
import { renderTestCall } from './render-test-call.js';
import { agentChoices, type AgentChoice } from './render-unmapped.js';
import { mountDialSettings } from '../dial/dial-settings.js';

const REFRESH_MS = 5_000;

export const sourcesScreen: Screen = (root, ctx) => {
  const renderCtx = (): RenderContext => ({ t: ctx.t, lang: ctx.lang, now: Date.now() });
  const known = new Map<string, { status: string; secrets: string }>();
  /** For "assign to agent" next to identifiers no agent has. */
  let agents: AgentChoice[] = [];

  setHtml(root, html`<h1>${ctx.t('sources_title')}</h1>
    <p class="lead">${ctx.t('sources_lead')}</p>
    <p class="form-error message error" role="alert" hidden></p>
    <div id="sources-overview"></div>
    <div id="sources" aria-busy="true"><p class="muted">${ctx.t('loading')}</p></div>
    <div id="dial-sources"></div>`);
  const list = root.querySelector<HTMLElement>('#sources')!;
  const pageError = root.querySelector<HTMLElement>(':scope > .form-error')!;
  const overview = root.querySelector<HTMLElement>('#sources-overview')!;

  const sectionOf = (id: string) =>
    [...list.querySelectorAll<HTMLElement>('section[data-source]')].find((s) => s.dataset['source'] === id) ?? null;

  function renderAll(sources: SourceView[]): void {
    const c = renderCtx();
    setHtml(list, html`${sources.length === 0 ? html`<p class="muted">${ctx.t('sources_none')}</p>` : ''}${sources.map((s) => renderSource(s, c, agents))}`);
    known.clear();
    for (const s of sources) known.set(s.id, { status: statusKey(s, agents), secrets: secretsKey(s) });
    list.removeAttribute('aria-busy');
  }

  /** Re-renders one part, keeping <details> the administrator opened open. */
  function replaceKeepingOpen(container: Element, content: ReturnType<typeof renderStatus>): void {
    const open = new Set([...container.querySelectorAll('details[open]')].map((d) => d.className));
    setHtml(container, content);
    for (const d of container.querySelectorAll('details')) if (open.has(d.className)) d.open = true;
  }

  /** The newest view of every source, for the overview table. */
  let latest: SourceView[] = [];

  function update(source: SourceView): void {
    latest = latest.map((s) => (s.id === source.id ? source : s));
    setHtml(overview, renderOverview(latest, renderCtx()));
    const section = sectionOf(source.id);
    const seen = known.get(source.id);
    if (!section || !seen) return;
    const c = renderCtx();
    const status = statusKey(source, agents);
    if (status !== seen.status) {
      replaceKeepingOpen(section.querySelector('.source-status')!, renderStatus(source, c, agents));
      seen.status = status;
    }
    const secrets = secretsKey(source);
    if (secrets !== seen.secrets) {
      const box = section.querySelector('.source-secrets');
      if (box) setHtml(box, renderSecrets(source, c));
      seen.secrets = secrets;
    }
    const toggle = section.querySelector<HTMLInputElement>('.source-enabled');
    if (toggle && document.activeElement !== toggle) toggle.checked = source.enabled;
  }

  function apply(sources: SourceView[]): void {
    const sameSet = sources.length === known.size && sources.every((s) => known.has(s.id));
    latest = sources;
    if (!sameSet) renderAll(sources);
    else for (const s of sources) update(s);
    setHtml(overview, renderOverview(sources, renderCtx()));
    // "vor 5 s" keeps counting between changes.
    for (const el of root.querySelectorAll<HTMLTimeElement>('time.relative')) el.textContent = relativeTime(el.dateTime, Date.now(), ctx.lang);
  }

  async function load(): Promise<void> {
    try {
      const [{ sources }, people] = await Promise.all([api.sources(), api.agents()]);
      agents = agentChoices(people.agents);
      apply(sources);
      showMessage(pageError, '');
    } catch (err) {
      // A failed refresh must not wipe the errors shown inside the sections.
      showMessage(pageError, errorText(err, ctx.t), 'error');
    }
  }

  onAction(overview, (action, target) => {
    if (action !== 'jump') return;
    const section = sectionOf(target.dataset['target'] ?? '');
    section?.scrollIntoView({ behavior: 'smooth', block: 'start' });
    section?.querySelector<HTMLElement>('h2')?.focus();
  });

  list.addEventListener('change', (event) => {
    const toggle = event.target as HTMLInputElement;
    if (!toggle.classList.contains('source-enabled')) return;
    const section = toggle.closest<HTMLElement>('section[data-source]')!;
    const id = section.dataset['source']!;
    toggle.disabled = true;
    api
      .patchSource(id, { enabled: toggle.checked })
      .then((source) => update(source))
      .catch((err: unknown) => {
        toggle.checked = !toggle.checked;
        showError(section, err, ctx.t);
      })
      .finally(() => {
        toggle.disabled = false;
      });
  });

  onAction(list, async (action, target) => {
    if (action === 'assign-identifier') return assignIdentifier(target);
    const section = target.closest<HTMLElement>('section[data-source]');
    const box = target.closest<HTMLElement>('[data-secret]');
    if (!section || !box) return;
    const id = section.dataset['source']!;
    const name = box.dataset['secret']!;
    if (action === 'save-secret') {
      const input = box.querySelector<HTMLInputElement | HTMLTextAreaElement>('.secret-input');
      const value = input?.value.trim() ?? '';
      if (value === '') {
        showError(box, localError(ctx.t('secret_empty'), `secrets.${name}`), ctx.t);
        return;
      }
      await saveSecret(section, box, id, name, value);
    } else if (action === 'remove-secret') {
      if (!(await ctx.confirm(ctx.t('secret_remove_confirm'), ctx.t('secret_remove')))) return;
      await saveSecret(section, box, id, name, null);
    }
  });

  async function assignIdentifier(button: HTMLElement): Promise<void> {
    const section = button.closest<HTMLElement>('section[data-source]');
    const row = button.closest<HTMLElement>('[data-identifier]');
    const agentId = row?.querySelector<HTMLSelectElement>('.unmapped-agent')?.value;
    if (!section || !row || !agentId) return;
    clearErrors(row);
    try {
      await api.assignIdentifier(section.dataset['source']!, { identifier: row.dataset['identifier']!, agentId });
      await load();
    } catch (err) {
      showError(row, err, ctx.t);
    }
  }

  async function saveSecret(section: HTMLElement, box: HTMLElement, id: string, name: string, value: string | null): Promise<void> {
    clearErrors(box);
    try {
      const source = await api.patchSource(id, { secrets: { [name]: value } });
      // The stored value is never shown again, so the input empties whether or not the box re-renders.
      const input = box.querySelector<HTMLInputElement | HTMLTextAreaElement>('.secret-input');
      if (input) input.value = '';
      update(source);
      const fresh = [...section.querySelectorAll<HTMLElement>('[data-secret]')].find((b) => b.dataset['secret'] === name);
      const saved = fresh?.querySelector<HTMLElement>('.secret-saved');
      if (saved) showMessage(saved, ctx.t(value === null ? 'secret_removed' : 'secret_saved'), 'ok');
    } catch (err) {
      showError(box, err, ctx.t);
    }
  }

  list.addEventListener('submit', (event) => {
    const form = event.target as HTMLFormElement;
    if (!form.classList.contains('test-call-form')) return;
    event.preventDefault();
    void sendTestCall(form, ctx);
  });

  async function sendTestCall(form: HTMLFormElement, screen: ScreenContext): Promise<void> {
    const section = form.closest<HTMLElement>('section[data-source]')!;
    const result = section.querySelector<HTMLElement>('.test-result')!;
    const button = form.querySelector<HTMLButtonElement>('button[type=submit]')!;
    const from = form.querySelector<HTMLInputElement>('.test-from')!.value.trim();
    const to = form.querySelector<HTMLInputElement>('.test-to')!.value.trim();
    clearErrors(form);
    button.disabled = true;
    setHtml(result, html`<p class="muted">${screen.t('test_sending')}</p>`);
    try {
      const answer = await api.testCall(section.dataset['source']!, { ...(from ? { from } : {}), ...(to ? { to } : {}) });
      setHtml(result, renderTestCall(answer, renderCtx()));
      // A test call goes through the adapter like a real one; the status may show it.
      void load();
    } catch (err) {
      setHtml(result, html``);
      showError(form, err, screen.t);
    } finally {
      button.disabled = false;
    }
  }

  // Dial settings load once: they change only when the administrator saves them here.
  mountDialSettings(root.querySelector<HTMLElement>('#dial-sources')!, ctx);
  void load();
  return whileVisible(REFRESH_MS, load);
};
