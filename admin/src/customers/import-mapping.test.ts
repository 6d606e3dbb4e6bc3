import type { ImportJob, ImportPreviewRow } from '@ringside/shared';
import { describe, expect, it } from 'vitest';
import { de } from '../testing/fixtures.js';
import { duplicateTargets, hasPhoneColumn, IMPORT_TARGETS, initialMapping, previewCounts, targetLabel, withTarget } from './import-mapping.js';
import { MAX_ERRORS_SHOWN, renderErrors, renderMappingTable, renderPreview, renderResult } from './render-import.js';

const rows: ImportPreviewRow[] = [
  {
    ok: true,
    line: 2,
    customerNo: '10023',
    company: 'Welter <Dach>',
    contacts: ['Herr Jonas Welter'],
    phones: [
      { number: '030 2312574-0', label: 'Zentrale', main: true, e164: '+49302312574', display: '030 2312574' },
      { number: '12', label: null, main: false, e164: null, display: 'nicht erkannt' },
    ],
  },
  { ok: false, line: 3, field: 'email', column: 'E-Mail', message: 'invalid email' },
];

const job = (over: Partial<ImportJob> = {}): ImportJob => ({
  id: 'j1', state: 'done', rows: 1500, imported: 1200, updated: 290, failed: 10, errors: [], error: null, durationMs: 2400, ...over,
});

describe('mapping', () => {
  it('gives every header a target and labels them in German', () => {
    expect(initialMapping(['Kundennummer', 'Tel. Büro', 'X'], { Kundennummer: 'customerNo', 'Tel. Büro': 'phone' })).toEqual({ Kundennummer: 'customerNo', 'Tel. Büro': 'phone', X: 'ignore' });
    expect(IMPORT_TARGETS.map((x) => targetLabel(x, de.t))).toEqual([
      'Kundennummer', 'Firma', 'Anrede', 'Vorname', 'Nachname', 'Name', 'Position', 'Telefon', 'Mobil', 'Telefon privat',
      'Zentrale', 'Weitere Nummern', 'E-Mail', 'Geburtstag', 'Kunde seit', 'Bemerkung', 'Bemerkung Ansprechpartner', 'Ignorieren',
    ]);
  });

  it('changes one column and refuses unknown targets', () => {
    const m = { A: 'phone' as const, B: 'ignore' as const };
    expect(withTarget(m, 'B', 'mobile')).toEqual({ A: 'phone', B: 'mobile' });
    expect(withTarget(m, 'A', 'bogus')).toEqual({ A: 'ignore', B: 'ignore' });
    expect(m.A).toBe('phone');
  });

  it('warns about one field taken by two columns, and about no phone column', () => {
    expect(duplicateTargets({ A: 'phone', B: 'phone', C: 'notes', D: 'notes', E: 'ignore', F: 'ignore' })).toEqual(['phone']);
    expect(hasPhoneColumn({ A: 'company' })).toBe(false);
    expect(hasPhoneColumn({ A: 'otherPhones' })).toBe(true);
  });

  it('renders a select per header, escaped', () => {
    const out = renderMappingTable(['Tel. "Büro"'], { 'Tel. "Büro"': 'phone' }, de).html;
    expect(out).toContain('data-header="Tel. &quot;Büro&quot;"');
    expect(out).toContain('<option value="phone" selected>Telefon</option>');
    expect(out.match(/<option /g)).toHaveLength(IMPORT_TARGETS.length);
  });
});

describe('preview and result', () => {
  it('counts rows and highlights numbers that cannot be matched', () => {
    expect(previewCounts(rows)).toEqual({ ok: 1, bad: 1, unrecognized: 1 });
    const out = renderPreview(rows, de).html;
    expect(out).toContain('Welter &lt;Dach&gt;');
    expect(out).toContain('<li class="phone unrecognized">');
    expect(out).toContain('nicht erkannt');
    expect(out).toContain('<tr class="bad">');
    expect(out).toContain('E-Mail: invalid email');
  });

  it('shows the counts with plain numbers for machines', () => {
    const out = renderResult(job(), de).html;
    expect(out).toContain('<strong data-count="imported">1.200</strong> importiert');
    expect(out).toContain('<strong data-count="updated">290</strong>');
    expect(out).toContain('<strong data-count="failed">10</strong>');
    expect(renderResult(job({ state: 'failed', error: 'unreadable file' }), de).html).toContain('unreadable file');
  });

  it('lists at most 1,000 row errors with line, column and message', () => {
    const errors = Array.from({ length: 1200 }, (_, i) => ({ line: i + 2, field: 'phone', column: 'Telefon', message: `bad ${i}` }));
    const out = renderErrors(job({ failed: 5000, errors }), de).html;
    expect(out.match(/<tr><td>/g)).toHaveLength(MAX_ERRORS_SHOWN);
    expect(out).toContain('Die ersten 1.000 von 5.000');
    expect(out).toContain('<tr><td>2</td><td>Telefon <span class="muted">(phone)</span></td><td>bad 0</td></tr>');
    expect(renderErrors(job(), de).html).toBe('');
  });
});
