/**
 * The card window for one call (`card.html?callId=...`). It renders from the call record the
 * background keeps in storage.session and re-renders the parts that change when the record does:
 * the state line on every event, the caller only when the lookup changes, so a half-typed form
 * is never wiped by "angenommen von Ben".
 */
import { contactDisplayName, type CardMatch, type LookupResult, type NewCustomerInput } from '@ringside/shared';
import { describeApiError } from '../lib/api-errors.js';
import browser from '../lib/browser.js';
import { callKey, isCallRecord, SessionKey, type CallRecord } from '../lib/call-record.js';
import { isCardWindowState } from '../lib/card-window-state.js';
import { writeCardWindow } from '../lib/card-window-store.js';
import { currentApi } from '../lib/client.js';
import { byId, setHtml, showMessage } from '../lib/dom.js';
import { formatTime } from '../lib/format.js';
import { html } from '../lib/html.js';
import { hyphenateLongWords } from '../lib/hyphenate.js';
import { localizePage, t } from '../lib/i18n.js';
import { notesAreMine } from '../lib/mine.js';
import { liveSearch } from '../lib/live-search.js';
import { pageContext } from '../lib/page-context.js';
import { onSessionChanged, readCall } from '../lib/session.js';
import type { BackgroundStatus } from '../lib/status.js';
import { formFields, parseNoteForm, renderNoteForm, type NoteTarget } from '../notes/note-form.js';
import { headline } from './names.js';
import { lookupFromCard } from './lookup-from-card.js';
import { renderCaller } from './render-caller.js';
import { renderCallState } from './render-call-state.js';
import { greetedContact } from './render-customer.js';
import { wireFolds } from './fold.js';
import { renderAttachResults } from './render-unknown.js';
import { cardDialKey, renderCardDial } from '../dial/card-dial.js';
import { wireDialButtons } from '../dial/wire-dial.js';

let cardId = new URLSearchParams(location.search).get('callId') ?? '';
const stateEl = byId('call-state');
const callerEl = byId('caller');
const noteEl = byId('note');
// Everything the first render needs is asked for at once; the card is drawn as soon as all is in.
const firstRecord = readCall(cardId);
const ownWindow = browser.windows.getCurrent().catch(() => null);
const ctx = await pageContext();
// The call-back line sits right under the call state; created here so card.html stays as it is.
const dialEl = document.createElement('div');
dialEl.id = 'dial';
stateEl.after(dialEl);
let renderedDialKey = '';

let record: CallRecord | null = null;
/** Set after the agent created a customer or attached the number on this card. */
let resolved: LookupResult | null = null;
let chosen: string | null = null;
/** The contact picked from the match's choices (switchboard, several on one number). */
let pickedContact: number | null = null;
let renderedCallerKey = '';
let renderedNoteKey = '';

function lookup(): LookupResult | null {
  return resolved ?? record?.lookup ?? null;
}

function currentMatch(): CardMatch | null {
  const l = lookup();
  if (!l) return null;
  if (l.status === 'known') return l.matches[0] ?? null;
  if (l.status === 'ambiguous' && chosen) return l.matches.find((m) => m.card.customerNo === chosen) ?? null;
  return null;
}

/** Only the one who took the call writes the note (or anyone, if the phone system did not say who). */
function wantsNote(r: CallRecord): boolean {
  return notesAreMine(r.call, ctx.me);
}

function render(): void {
  if (!record) return;
  setHtml(stateEl, renderCallState(record.call, ctx));
  const dialKey = cardDialKey(record.call, ctx.canDial);
  if (dialKey !== renderedDialKey) {
    renderedDialKey = dialKey;
    setHtml(dialEl, renderCardDial(record.call, ctx));
  }
  const l = lookup();
  const pendingCallbacks = record.pendingCallbacks ?? [];
  const callerKey = JSON.stringify([l, chosen, pickedContact, pendingCallbacks]);
  if (callerKey !== renderedCallerKey) {
    renderedCallerKey = callerKey;
    setHtml(
      callerEl,
      l ? renderCaller(l, chosen, ctx, { pendingCallbacks, chosenContactId: pickedContact }) : html`<h1 class="caller-name">${record.call.callerName ?? record.call.from.display}</h1>`,
    );
    hyphenateLongWords(callerEl);
  }
  const match = currentMatch();
  const contact = greetedContact(match, pickedContact);
  const noteKey = match && wantsNote(record) ? JSON.stringify([match.card.customerNo, contact?.id ?? null]) : '';
  if (noteKey !== renderedNoteKey) {
    renderedNoteKey = noteKey;
    if (!match || !noteKey) setHtml(noteEl, html``);
    else {
      const head = headline(match.card, contact);
      const target: NoteTarget = {
        customerNo: match.card.customerNo,
        label: `${formatTime(record.call.startedAt, ctx.locale, ctx.timeZone)} ${head.title}`,
        callId: record.call.callId,
        contact: contact ? contactDisplayName(contact) : null,
      };
      replaceNoteForm(renderNoteForm([target], target, ctx));
    }
  }
  document.title = `${match ? headline(match.card, contact).greeting : record.call.from.display} – Ringside`;
}

/**
 * Picking another contact changes the note's target, but what the agent already typed stays:
 * the new form gets the old form's fields.
 */
function replaceNoteForm(content: Parameters<typeof setHtml>[1]): void {
  const old = noteEl.querySelector<HTMLFormElement>('form');
  const typed = old ? formFields(old) : {};
  setHtml(noteEl, content);
  const form = noteEl.querySelector<HTMLFormElement>('form');
  if (!form) return;
  for (const [name, value] of Object.entries(typed)) {
    const field = form.elements.namedItem(name);
    if (name !== 'target' && value && (field instanceof HTMLInputElement || field instanceof HTMLTextAreaElement)) field.value = value;
  }
}

function unknownMessage(text: string, kind: 'ok' | 'error'): void {
  const el = document.getElementById('unknown-message');
  if (el) showMessage(el, text, kind);
}

async function createCustomer(form: HTMLFormElement): Promise<void> {
  const f = formFields(form);
  const person = { salutation: f.salutation?.trim() || null, firstName: f.firstName?.trim() || null, lastName: f.lastName?.trim() || null };
  const company = f.company?.trim() || null;
  const phone = { number: f.number?.trim() ?? '', label: f.label?.trim() || null, main: false };
  if (!company && !person.lastName && !person.firstName) return unknownMessage(t('unknown_needs_name'), 'error');
  const hasPerson = Boolean(person.lastName || person.firstName);
  // A named person gets the number on their contact, so the next call greets them by name.
  const input: NewCustomerInput = {
    customer: {
      company,
      notes: null,
      customerSince: null,
      phones: hasPerson ? [] : [phone],
      contacts: hasPerson ? [{ ...person, role: null, email: null, birthday: null, notes: null, phones: [phone] }] : [],
    },
  };
  const api = await currentApi();
  if (!api) return unknownMessage(t('error_not_paired'), 'error');
  const result = await api.createCustomer(input);
  if (!result.ok) return unknownMessage(describeApiError(result.error, t), 'error');
  adopt(result.value, t('unknown_created', result.value.customerNo));
}

async function attachNumber(customerNo: string): Promise<void> {
  if (!record) return;
  const api = await currentApi();
  if (!api) return unknownMessage(t('error_not_paired'), 'error');
  const number = record.call.from.display || record.call.from.raw;
  const result = await api.attachPhone(customerNo, { number, label: null, main: false });
  if (!result.ok) return unknownMessage(describeApiError(result.error, t), 'error');
  adopt(result.value.card, t(result.value.added ? 'unknown_attached' : 'unknown_already_attached', customerNo));
}

function adopt(card: Parameters<typeof lookupFromCard>[1], message: string): void {
  if (!record) return;
  resolved = lookupFromCard(lookup()?.number ?? record.call.from, card);
  render();
  callerEl.insertAdjacentHTML('afterbegin', html`<p class="message ok" role="status">${message}</p>`.html);
}

function wireEvents(): void {
  callerEl.addEventListener('click', (event) => {
    const button = (event.target as Element).closest<HTMLElement>('[data-action]');
    if (!button) return;
    const action = button.dataset.action;
    if (action === 'choose' || action === 'unchoose') pickedContact = null;
    if (action === 'choose') chosen = button.dataset.customerNo ?? null;
    else if (action === 'unchoose') chosen = null;
    else if (action === 'pick-contact') pickedContact = button.dataset.contactId ? Number(button.dataset.contactId) : null;
    else if (action === 'attach' && button.dataset.customerNo) void attachNumber(button.dataset.customerNo);
    if (action === 'choose' || action === 'unchoose' || action === 'pick-contact') render();
  });
  callerEl.addEventListener('submit', (event) => {
    const form = event.target as HTMLFormElement;
    event.preventDefault();
    if (form.dataset.form === 'create') void createCustomer(form);
  });
  noteEl.addEventListener('submit', (event) => {
    event.preventDefault();
    void saveNote(event.target as HTMLFormElement);
  });
}

/** The attach search input appears with the unknown-caller forms; wire it when it does. */
function wireAttachSearch(): void {
  const input = callerEl.querySelector<HTMLInputElement>('form[data-form="attach-search"] input[name="q"]');
  if (!input || input.dataset.wired) return;
  input.dataset.wired = '1';
  const results = () => document.getElementById('attach-results');
  liveSearch(
    input,
    async (q, signal) => {
      const api = await currentApi();
      if (!api) return unknownMessage(t('error_not_paired'), 'error');
      const found = await api.search(q, signal);
      const el = results();
      if (!el || signal.aborted) return;
      if (found.ok) setHtml(el, renderAttachResults(found.value.results, ctx));
      else if (found.error.kind !== 'aborted') unknownMessage(describeApiError(found.error, t), 'error');
    },
    () => {
      const el = results();
      if (el) setHtml(el, renderAttachResults(null, ctx));
    },
  );
}

async function saveNote(form: HTMLFormElement): Promise<void> {
  const messageEl = form.querySelector<HTMLElement>('[data-role="note-message"]');
  const say = (text: string, kind: 'ok' | 'error'): void => {
    if (messageEl) showMessage(messageEl, text, kind);
  };
  const parsed = parseNoteForm(formFields(form), ctx.locale);
  if (!parsed.ok) return say(parsed.reason === 'invalid' ? t('error_invalid', `${parsed.field}: ${parsed.message}`) : t(parsed.reason === 'empty' ? 'note_empty' : 'note_needs_customer'), 'error');
  const api = await currentApi();
  if (!api) return say(t('error_not_paired'), 'error');
  const result = await api.addNote(parsed.customerNo, parsed.note);
  if (!result.ok) return say(describeApiError(result.error, t), 'error');
  form.reset();
  updateBusy();
  say(t('note_saved'), 'ok');
}

/**
 * The background reuses this window for the next call: switch to that call's card. Everything
 * chosen or typed for the previous call goes (the background only switches a window that has
 * no unsaved input).
 */
async function switchTo(nextCardId: string): Promise<void> {
  cardId = nextCardId;
  history.replaceState(null, '', `?callId=${encodeURIComponent(cardId)}`);
  resolved = null;
  chosen = null;
  pickedContact = null;
  renderedCallerKey = '';
  renderedNoteKey = '';
  renderedDialKey = '';
  busy = false;
  setHtml(noteEl, html``);
  record = await readCall(cardId);
  render();
  wireAttachSearch();
  window.scrollTo(0, 0);
}

/** Typed and not yet saved: tell the background not to reuse this window for the next call. */
let busy = false;
function updateBusy(): void {
  const typed = [...document.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('form input:not([type=hidden]), form textarea')].some((f) => f.value.trim() !== '');
  if (typed === busy || myWindowId === null) return;
  busy = typed;
  void writeCardWindow({ windowId: myWindowId, cardId, busy });
}

const myWindowId = (await ownWindow)?.id ?? null;
localizePage();
wireEvents();
wireDialButtons(dialEl, { api: currentApi, t });
wireFolds(document.body);
document.body.addEventListener('input', updateBusy);
record = await firstRecord;
if (!record) setHtml(callerEl, html`<p class="muted">${t('card_not_found')}</p>`);
render();
wireAttachSearch();
document.documentElement.dataset.ready = 'true';
// Asked after the first render: the card must not wait for it. Until then the button is a tel: link.
void currentApi()
  .then((api) => api?.dialSources() ?? [])
  .then((sources) => {
    ctx.canDial = sources.length > 0;
    render();
  });

onSessionChanged((changes) => {
  const shown = changes[SessionKey.cardWindow];
  if (isCardWindowState(shown) && shown.windowId === myWindowId && shown.cardId !== cardId) {
    void switchTo(shown.cardId);
    return;
  }
  const next = changes[callKey(cardId)];
  if (isCallRecord(next)) record = next;
  const status = changes[SessionKey.status] as BackgroundStatus | undefined;
  if (status) ctx.me = status.agent;
  if (isCallRecord(next) || status) {
    render();
    wireAttachSearch();
  }
});
