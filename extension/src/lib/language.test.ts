import { describe, expect, it } from 'vitest';
import { formatDate, formatMoney } from './format.js';
import { formatLocale, uiLanguage } from './language.js';
import { resolveSettings } from './settings.js';

describe('language option', () => {
  it('automatic follows the browser; languages without texts get German', () => {
    expect(uiLanguage('auto', 'en-US')).toBe('en');
    expect(uiLanguage('auto', 'de')).toBe('de');
    expect(uiLanguage('auto', 'fr-FR')).toBe('de');
    expect(uiLanguage('de', 'en-US')).toBe('de');
    expect(uiLanguage('en', 'de-DE')).toBe('en');
  });

  it('dates and amounts follow the chosen language', () => {
    const de = formatLocale('de', 'en-US');
    const en = formatLocale('en', 'de-DE');
    expect(de).toBe('de-DE');
    expect(en).toBe('en-GB');
    expect(formatLocale('en', 'en-US')).toBe('en-US');
    expect(formatDate('2025-05-20', de)).toBe('20.05.2025');
    expect(formatDate('2025-05-20', en)).toBe('20/05/2025');
    expect(formatMoney(1234.5, 'EUR', de).replace(/\u00a0/g, ' ')).toBe('1.234,50 €');
    expect(formatMoney(1234.5, 'EUR', en)).toBe('€1,234.50');
  });

  it('is a setting with a managed preset key `language`', () => {
    expect(resolveSettings({}, {}).values.language).toBe('auto');
    expect(resolveSettings({}, { language: 'en' }).values.language).toBe('en');
    expect(resolveSettings({ language: 'de' }, { language: 'en' })).toMatchObject({ values: { language: 'de' }, source: { language: 'managed' } });
    expect(resolveSettings({ language: 'fr' }, {}).values.language).toBe('auto');
  });
});
