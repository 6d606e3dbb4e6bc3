import { describe, expect, it } from 'vitest';
import { testContext, textOf } from '../testing/render-context.js';
import { parseNoteForm, renderNoteForm, targetValue, type NoteTarget } from './note-form.js';

const target: NoteTarget = { customerNo: '10023', label: '10:00 Frau Anke Quellmalz', callId: 'c1', contact: 'Frau Anke Quellmalz' };

describe('note form', () => {
  it('renders the fields and names the call it is about', () => {
    const out = renderNoteForm([target], null, testContext()).html;
    expect(textOf(out)).toContain('Notiz zu 10:00 Frau Anke Quellmalz');
    for (const name of ['subject', 'summary', 'result', 'followUp']) expect(out).toContain(`name="${name}"`);
  });

  it('offers a choice when several calls could be meant', () => {
    const out = renderNoteForm([target, { ...target, callId: 'c2', label: '09:00 Herr Welter' }], null, testContext()).html;
    expect(out.match(/<option/g)).toHaveLength(2);
  });

  it('parses into the shared NoteInput with the call id', () => {
    expect(parseNoteForm({ target: targetValue(target), subject: ' Dachrinne ', summary: 'Angebot', result: 'Zusage', followUp: '10.06.2025' }, 'de-DE')).toEqual({
      ok: true,
      customerNo: '10023',
      note: { channel: 'call', contact: 'Frau Anke Quellmalz', subject: 'Dachrinne', summary: 'Angebot', result: 'Zusage', followUp: '2025-06-10', callId: 'c1' },
    });
  });

  it('refuses notes without customer or content, and names a bad field', () => {
    expect(parseNoteForm({ subject: 'x' }, 'de-DE')).toEqual({ ok: false, reason: 'noTarget' });
    expect(parseNoteForm({ target: targetValue(target), subject: '  ' }, 'de-DE')).toEqual({ ok: false, reason: 'empty' });
    expect(parseNoteForm({ target: targetValue(target), subject: 'x', followUp: '31.02.2025' }, 'de-DE')).toMatchObject({ ok: false, reason: 'invalid', field: 'followUp' });
  });

  it('reads the follow-up date in the order of the chosen language and shows that order', () => {
    const parse = (followUp: string, locale: string) => parseNoteForm({ target: targetValue(target), subject: 'x', followUp }, locale);
    expect(parse('10.6.2025', 'de-DE')).toMatchObject({ ok: true, note: { followUp: '2025-06-10' } });
    expect(parse('10/06/2025', 'en-GB')).toMatchObject({ ok: true, note: { followUp: '2025-06-10' } });
    expect(parse('06/10/2025', 'en-US')).toMatchObject({ ok: true, note: { followUp: '2025-06-10' } });
    expect(parse('2025-06-10', 'en-US')).toMatchObject({ ok: true, note: { followUp: '2025-06-10' } });
    expect(renderNoteForm([target], null, testContext()).html).toContain('placeholder="TT.MM.JJJJ"');
  });
});
