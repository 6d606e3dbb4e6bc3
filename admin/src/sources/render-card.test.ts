import { describe, expect, it } from 'vitest';
import { de, knownLookup, welterCard } from '../testing/fixtures.js';
import { greetingName, renderLookupCard } from './render-card.js';

describe('the test call card', () => {
  it('greets the matched person and shows company, number, conversations and documents', () => {
    const out = renderLookupCard(knownLookup, de).html;
    expect(out).toContain('Herr Jonas Welter');
    expect(out).toContain('Welter Dachbau &lt;GmbH&gt; · Geschäftsführer');
    expect(out).toContain('Kd.-Nr. 10023');
    expect(out).toContain('Erkannt über 0170 1234567 (mobil) · genaue Nummer');
    expect(out).toContain('Angebot Dachsanierung');
    expect(out).toContain('Wiedervorlage 27.11.2026');
    expect(out).toContain('Rechnung RE-2026-0412');
    expect(out).toContain('1.840,50');
    expect(out).toContain('überfällig');
    // A javascript: document link is shown as text, never as a link.
    expect(out).not.toContain('javascript:');
    expect(out).not.toContain('<GmbH>');
  });

  it('greets the company when its switchboard rang', () => {
    expect(greetingName({ card: welterCard, contact: null })).toEqual({ title: 'Welter Dachbau <GmbH>', subtitle: null });
    const privateCard = { ...welterCard, company: null };
    expect(greetingName({ card: privateCard, contact: null }).title).toBe('Herr Jonas Welter');
  });

  it('names every outcome without a customer', () => {
    const number = { raw: 'anonymous', kind: 'withheld' as const, e164: null, display: '' };
    expect(renderLookupCard({ number, status: 'withheld', matches: [] }, de).html).toContain('Rufnummer unterdrückt');
    const unknown = renderLookupCard({ number: { ...knownLookup.number, display: '030 999999' }, status: 'unknown', matches: [] }, de).html;
    expect(unknown).toContain('Unbekannter Anrufer');
    expect(unknown).toContain('030 999999');
    expect(renderLookupCard({ number: { raw: '21', kind: 'internal', e164: null, display: '21' }, status: 'internal', matches: [] }, de).html).toContain('Interner Anruf von 21');
  });

  it('says how many customers share a number', () => {
    const two = { ...knownLookup, status: 'ambiguous' as const, matches: [knownLookup.matches[0]!, { ...knownLookup.matches[0]!, card: { ...welterCard, customerNo: '10024' } }] };
    const out = renderLookupCard(two, de).html;
    expect(out).toContain('2 Kunden mit dieser Nummer');
    expect(out).toContain('data-customer-no="10024"');
  });
});
