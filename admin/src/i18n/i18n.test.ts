import { describe, expect, it } from 'vitest';
import { de } from './de.js';
import { en } from './en.js';
import { detectLanguage, fill, translator } from './i18n.js';

const params = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('dictionaries', () => {
  it('have identical key sets', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(de).sort());
  });

  it('have no empty strings', () => {
    for (const dict of [de, en]) {
      for (const [key, text] of Object.entries(dict)) expect(text.trim(), key).not.toBe('');
    }
  });

  it('use the same parameters in both languages', () => {
    for (const key of Object.keys(de) as Array<keyof typeof de>) expect(params(en[key]), key).toEqual(params(de[key]));
  });

  it('write German with the agreed words', () => {
    expect(de.nav_sources).toBe('Telefonanlagen');
    expect(de.nav_agents).toBe('Mitarbeitende');
    expect(de.nav_customers).toBe('Kundendaten');
    expect(de.nav_settings).toBe('Einstellungen');
    expect(de.sign_out).toBe('Abmelden');
    expect(de.delete).toBe('Löschen');
  });
});

describe('translate', () => {
  it('fills named parameters and leaves unknown ones visible', () => {
    expect(fill('{a} und {b}', { a: 1 })).toBe('1 und {b}');
    expect(translator('de')('customers_total', { total: '1.234' })).toBe('1.234 Kunden gespeichert');
    expect(translator('en')('customers_total', { total: '1,234' })).toBe('1,234 customers stored');
  });

  it('picks the stored choice, else the browser preference, else German', () => {
    expect(detectLanguage('en', ['de-DE'])).toBe('en');
    expect(detectLanguage(null, ['fr-FR', 'en-US', 'de'])).toBe('en');
    expect(detectLanguage(null, ['de-AT'])).toBe('de');
    expect(detectLanguage('xx', ['fr'])).toBe('de');
    expect(detectLanguage(null, [])).toBe('de');
  });
});
