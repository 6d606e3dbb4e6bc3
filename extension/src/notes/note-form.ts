/**
 * The after-call note: subject, summary, result, follow-up date. The bridge saves it as a
 * conversation, so the next caller's card shows it. Rendering and parsing are pure; the pages
 * wire the submit.
 */
import { noteInputSchema, parseWith, type NoteInput, type Parsed } from '@ringside/shared';
import { datePlaceholder, parseLocalDate } from '../lib/date-input.js';
import { html, type SafeHtml } from '../lib/html.js';
import type { RenderContext } from '../card/context.js';

/** What a note can be about: a customer, and the call it follows if there is one. */
export interface NoteTarget {
  customerNo: string;
  label: string;
  callId: string | null;
  /** Who was on the phone ("Frau Quellmalz"), when the card knew. */
  contact: string | null;
}

export function targetValue(target: NoteTarget): string {
  return JSON.stringify([target.customerNo, target.callId, target.contact]);
}

export function renderNoteForm(targets: readonly NoteTarget[], selected: NoteTarget | null, ctx: RenderContext): SafeHtml {
  const { t } = ctx;
  const current = selected ?? targets[0] ?? null;
  return html`<form data-form="note" class="stack">
    <h2>${t('note_title')}</h2>
    ${targets.length > 1
      ? html`<label>${t('note_call')}<select name="target">${targets.map(
          (tg) => html`<option value="${targetValue(tg)}" ${current && targetValue(tg) === targetValue(current) ? html`selected` : ''}>${tg.label}</option>`,
        )}</select></label>`
      : current
        ? html`<p class="muted">${t('note_for', current.label)}</p><input type="hidden" name="target" value="${targetValue(current)}">`
        : html`<p class="muted">${t('note_needs_customer')}</p>`}
    <label>${t('note_subject')}<input name="subject" maxlength="300"></label>
    <label>${t('note_summary')}<textarea name="summary" rows="3" maxlength="8000"></textarea></label>
    <label>${t('note_result')}<input name="result" maxlength="1000"></label>
    <label>${t('note_followup')}<input name="followUp" inputmode="numeric" autocomplete="off" maxlength="10" placeholder="${datePlaceholder(ctx.locale, t)}"></label>
    <button type="submit" ${current ? '' : html`disabled`}>${t('note_submit')}</button>
    <p class="message" data-role="note-message" role="status"></p>
  </form>`;
}

export type NoteParse = { ok: true; customerNo: string; note: NoteInput } | { ok: false; reason: 'noTarget' | 'empty' } | { ok: false; reason: 'invalid'; field: string; message: string };

/** From the form's fields to a validated `NoteInput` (shared schema) and its customer. */
/** `locale`: the order the follow-up date was typed in (the page's language option). */
export function parseNoteForm(fields: Record<string, string>, locale: string): NoteParse {
  let customerNo: string | null = null;
  let callId: string | null = null;
  let contact: string | null = null;
  try {
    const parsed = JSON.parse(fields.target ?? 'null') as unknown;
    if (Array.isArray(parsed) && typeof parsed[0] === 'string') {
      customerNo = parsed[0];
      callId = typeof parsed[1] === 'string' ? parsed[1] : null;
      contact = typeof parsed[2] === 'string' ? parsed[2] : null;
    }
  } catch {
    customerNo = null;
  }
  if (!customerNo) return { ok: false, reason: 'noTarget' };
  const text = (name: string) => (fields[name] ?? '').trim();
  if (!text('subject') && !text('summary') && !text('result')) return { ok: false, reason: 'empty' };
  const result: Parsed<NoteInput> = parseWith(noteInputSchema, {
    channel: 'call',
    contact,
    subject: text('subject') || null,
    summary: text('summary') || null,
    result: text('result') || null,
    // An unreadable date goes to the schema as typed, which then names the field.
    followUp: text('followUp') ? (parseLocalDate(text('followUp'), locale) ?? text('followUp')) : null,
    ...(callId ? { callId } : {}),
  });
  return result.ok ? { ok: true, customerNo, note: result.value } : { ok: false, reason: 'invalid', field: result.field, message: result.message };
}

export function formFields(form: HTMLFormElement): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of new FormData(form)) if (typeof value === 'string') out[key] = value;
  return out;
}
