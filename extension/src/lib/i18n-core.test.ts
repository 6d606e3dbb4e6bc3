import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { localeMessages } from '../testing/render-context.js';
import { translatorFrom } from './i18n-core.js';

describe('translator', () => {
  const t = translatorFrom({
    plain: { message: 'Hallo' },
    numbered: { message: '$1 hat $2 Anrufe, $$5' },
    named: { message: 'Hallo $NAME$!', placeholders: { name: { content: '$1' } } },
  });

  it('substitutes like the browser does', () => {
    expect(t('plain')).toBe('Hallo');
    expect(t('numbered', ['Ben', '3'])).toBe('Ben hat 3 Anrufe, $5');
    expect(t('named', 'Anna')).toBe('Hallo Anna!');
    expect(t('missing')).toBe('');
  });
});

/** Every text the code asks for exists in German and English (refined-github's meta-test idea). */
describe('locales', () => {
  const de = localeMessages('de');
  const en = localeMessages('en');
  const srcRoot = new URL('../', import.meta.url);

  function sourceFiles(dir: URL): URL[] {
    return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? sourceFiles(new URL(`${e.name}/`, dir)) : /\.(ts|html)$/.test(e.name) && !e.name.endsWith('.test.ts') ? [new URL(e.name, dir)] : [],
    );
  }

  it('German and English have the same keys', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(de).sort());
  });

  it('no message is empty', () => {
    for (const messages of [de, en]) for (const [key, m] of Object.entries(messages)) expect(m.message, key).not.toBe('');
  });

  it('every key used in code and pages exists', () => {
    const used = new Set<string>();
    for (const file of sourceFiles(srcRoot)) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/\bt\('([a-zA-Z0-9_]+)'/g)) used.add(m[1]!);
      for (const m of text.matchAll(/data-i18n(?:-[a-z]+)?="([a-zA-Z0-9_]+)"/g)) used.add(m[1]!);
      for (const m of text.matchAll(/__MSG_([a-zA-Z0-9_]+)__/g)) used.add(m[1]!);
    }
    expect(used.size).toBeGreaterThan(50);
    const missing = [...used].filter((k) => !(k in de));
    expect(missing).toEqual([]);
  });
});
