/**
 * The side panel (Chromium) / sidebar (Firefox): find any customer while typing, today's calls,
 * missed calls awaiting a callback, and the note after a call.
 */
import type { CallListEntry, CustomerCard } from '@ringside/shared';
import { wireFolds } from '../card/fold.js';
import { headline } from '../card/names.js';
import { renderCustomer } from '../card/render-customer.js';
import type { BridgeApi } from '../lib/api.js';
import { describeApiError } from '../lib/api-errors.js';
import browser from '../lib/browser.js';
import { CALL_KEY_PREFIX, isCallRecord, SessionKey, type CallRecord } from '../lib/call-record.js';
import { currentApi } from '../lib/client.js';
import { byId, setHtml, showMessage } from '../lib/dom.js';
import { html } from '../lib/html.js';
import { hyphenateLongWords } from '../lib/hyphenate.js';
import { localizePage, t } from '../lib/i18n.js';
import { liveSearch } from '../lib/live-search.js';
import { pageContext } from '../lib/page-context.js';
import { renderStatus } from '../lib/render-status.js';
import { onSessionChanged, readAllCalls, readStatus } from '../lib/session.js';
import type { BackgroundStatus } from '../lib/status.js';
import { formFields, parseNoteForm, renderNoteForm } from '../notes/note-form.js';
import { isCurrent, renderCurrentCall } from './current-call.js';
import { noteTargets } from './note-targets.js';
import { wireDialButtons } from '../dial/wire-dial.js';
import { renderCallList, renderSearchResults } from './render-lists.js';

const ctx = await pageContext();
const statusEl = byId('status');
const searchInput = byId<HTMLInputElement>('search');
const resultsEl = byId('search-results');
const customerEl = byId('customer');
const listsEl = byId('lists');
const missedEl = byId('missed');
const todayEl = byId('today');
const noteEl = byId('note');
const messageEl = byId('message');
const currentEl = byId('current-call');

let todayCalls: CallListEntry[] = [];
let openCustomer: CustomerCard | null = null;
let reloadTimer: ReturnType<typeof setTimeout> | null = null;

function say(text: string, kind: 'ok' | 'error' = 'error'): void {
  showMessage(messageEl, text, kind);
}

async function api(): Promise<BridgeApi | null> {
  const client = await currentApi();
  if (!client) say(t('error_not_paired'));
  return client;
}

function renderNote(): void {
  const open = openCustomer ? { customerNo: openCustomer.customerNo, label: headline(openCustomer, null).title } : null;
  const targets = noteTargets(todayCalls, ctx.me, open, ctx.locale);
  setHtml(noteEl, renderNoteForm(targets, null, ctx));
}

async function loadLists(): Promise<void> {
  const client = await api();
  if (!client) return;
  const [today, missed] = await Promise.all([client.calls('today'), client.calls('missed')]);
  if (today.ok) {
    todayCalls = today.value.calls;
    setHtml(todayEl, renderCallList(todayCalls, 'today', ctx));
  } else say(describeApiError(today.error, t));
  if (missed.ok) setHtml(missedEl, renderCallList(missed.value.calls, 'missed', ctx));
  else if (today.ok) say(describeApiError(missed.error, t));
  if (!customerEl.contains(noteEl)) renderNote();
}

/** New call events arrive in bursts (ringing, answered, ended): reload once they settle. */
function scheduleReload(): void {
  if (reloadTimer !== null) clearTimeout(reloadTimer);
  reloadTimer = setTimeout(() => void loadLists(), 400);
}

async function showCustomer(customerNo: string): Promise<void> {
  const client = await api();
  if (!client) return;
  const result = await client.customer(customerNo);
  if (!result.ok) return say(describeApiError(result.error, t));
  openCustomer = result.value;
  setHtml(customerEl, html`<button type="button" class="link" data-action="back">${t('back')}</button>${renderCustomer(result.value, null, ctx)}`);
  hyphenateLongWords(customerEl);
  customerEl.append(noteEl);
  renderNote();
  customerEl.classList.remove('hidden');
  listsEl.classList.add('hidden');
  resultsEl.classList.add('hidden');
}

function hideCustomer(): void {
  openCustomer = null;
  customerEl.classList.add('hidden');
  listsEl.append(noteEl);
  listsEl.classList.remove('hidden');
  resultsEl.classList.remove('hidden');
  renderNote();
}

async function markCalledBack(): Promise<void> {
  const ids = [...missedEl.querySelectorAll<HTMLInputElement>('input[name="callback"]:checked')].map((i) => i.value);
  if (ids.length === 0) return say(t('callbacks_select'));
  const client = await api();
  if (!client) return;
  const result = await client.markCalledBack(ids);
  if (!result.ok) return say(describeApiError(result.error, t));
  say(t('callbacks_marked', String(result.value.updated)), 'ok');
  await loadLists();
}

async function saveNote(form: HTMLFormElement): Promise<void> {
  const noteMessage = form.querySelector<HTMLElement>('[data-role="note-message"]');
  const tell = (text: string, kind: 'ok' | 'error'): void => {
    if (noteMessage) showMessage(noteMessage, text, kind);
  };
  const parsed = parseNoteForm(formFields(form), ctx.locale);
  if (!parsed.ok) {
    return tell(parsed.reason === 'invalid' ? t('error_invalid', `${parsed.field}: ${parsed.message}`) : t(parsed.reason === 'empty' ? 'note_empty' : 'note_needs_customer'), 'error');
  }
  const client = await api();
  if (!client) return;
  const result = await client.addNote(parsed.customerNo, parsed.note);
  if (!result.ok) return tell(describeApiError(result.error, t), 'error');
  form.reset();
  tell(t('note_saved'), 'ok');
  if (openCustomer?.customerNo === parsed.customerNo) void showCustomer(parsed.customerNo);
}

function showStatus(status: BackgroundStatus): void {
  statusEl.className = `status-line ${status.connection}`;
  setHtml(statusEl, renderStatus(status, t, true));
}

document.body.addEventListener('click', (event) => {
  const target = (event.target as Element).closest<HTMLElement>('[data-action]');
  switch (target?.dataset.action) {
    case 'open-customer':
      if (target.dataset.customerNo) void showCustomer(target.dataset.customerNo);
      break;
    case 'back':
      hideCustomer();
      break;
    case 'options':
      void browser.runtime.openOptionsPage();
      break;
  }
});
resultsEl.addEventListener('keydown', (event) => {
  const target = (event.target as HTMLElement).closest<HTMLElement>('[data-customer-no]');
  // Enter on a call button inside a result dials; it must not also open the customer.
  if ((event.target as HTMLElement).closest('button, a')) return;
  if (event.key === 'Enter' && target?.dataset.customerNo) void showCustomer(target.dataset.customerNo);
});
byId('search-form').addEventListener('submit', (event) => event.preventDefault());
byId('mark-called-back').addEventListener('click', () => void markCalledBack());
byId('refresh').addEventListener('click', () => void loadLists());
document.body.addEventListener('submit', (event) => {
  const form = event.target as HTMLFormElement;
  if (form.dataset.form !== 'note') return;
  event.preventDefault();
  void saveNote(form);
});

liveSearch(
  searchInput,
  async (q, signal) => {
    const client = await api();
    if (!client) return;
    const result = await client.search(q, signal);
    if (signal.aborted) return;
    if (result.ok) {
      if (openCustomer) hideCustomer();
      setHtml(resultsEl, renderSearchResults(result.value.results, ctx));
      hyphenateLongWords(resultsEl);
    } else if (result.error.kind !== 'aborted') say(describeApiError(result.error, t));
  },
  (q) => setHtml(resultsEl, q.length > 0 ? html`<p class="hint">${t('search_too_short')}</p>` : html``),
);

/** The ringing call on top; the newest wins, an ended one gives way to the lists again. */
let currentCardId: string | null = null;
function showCurrentCall(records: CallRecord[]): void {
  const newest = [...records].sort((a, b) => b.receivedAt - a.receivedAt)[0];
  if (!newest || (newest.cardId !== currentCardId && !isCurrent(newest))) return;
  if (!isCurrent(newest)) {
    currentCardId = null;
    currentEl.classList.add('hidden');
    return;
  }
  currentCardId = newest.cardId;
  setHtml(currentEl, renderCurrentCall(newest, ctx));
  currentEl.classList.remove('hidden');
  hyphenateLongWords(currentEl);
}

onSessionChanged((changes) => {
  const records = Object.values(changes).filter(isCallRecord);
  if (records.length) showCurrentCall(records);
  const status = changes[SessionKey.status] as BackgroundStatus | undefined;
  if (status) {
    ctx.me = status.agent;
    showStatus(status);
  }
  if (Object.keys(changes).some((k) => k.startsWith(CALL_KEY_PREFIX))) scheduleReload();
});

// No list reload after dialing: it would wipe "your phone rings now"; the call events reload it.
wireDialButtons(document.body, { api, t });

localizePage();
wireFolds(document.body);
showCurrentCall((await readAllCalls()).filter(isCurrent));
showStatus(await readStatus());
// Call buttons ask the bridge when it can dial for this agent, and are tel: links otherwise.
ctx.canDial = (await (await currentApi())?.dialSources())?.length ? true : false;
renderNote();
await loadLists();
document.documentElement.dataset.ready = 'true';
