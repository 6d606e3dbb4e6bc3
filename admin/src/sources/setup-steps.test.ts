import { describe, expect, it } from 'vitest';
import { SETUP_STEPS, setupSteps } from './setup-steps.js';

const SOURCES = ['generic', 'zammad', 'sipgate', 'placetel', 'twilio', '3cx', 'fritzbox', 'asterisk'];

describe('setup steps', () => {
  it('cover every phone system in both languages with 2 to 5 steps each', () => {
    expect(Object.keys(SETUP_STEPS.de).sort()).toEqual([...SOURCES].sort());
    expect(Object.keys(SETUP_STEPS.en).sort()).toEqual([...SOURCES].sort());
    for (const id of SOURCES) {
      const de = setupSteps(id, 'de');
      const en = setupSteps(id, 'en');
      expect(de.length, id).toBeGreaterThanOrEqual(2);
      expect(de.length, id).toBeLessThanOrEqual(5);
      expect(en.length, id).toBe(de.length);
      for (const step of [...de, ...en]) expect(step.trim(), id).not.toBe('');
    }
  });

  it('finds Asterisk under its old id too, and nothing for unknown systems', () => {
    expect(setupSteps('ami', 'de')).toBe(setupSteps('asterisk', 'de'));
    expect(setupSteps('nope', 'en')).toEqual([]);
  });
});
