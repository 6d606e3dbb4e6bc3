import { describe, expect, it } from 'vitest';
import { rankMatches, switchboardPrefixes } from './match.js';
import { formatNumber, normalizeIncoming, normalizeStored, searchDigits, type NumberingConfig } from './normalize.js';

const DE: NumberingConfig = { country: 'DE', trunkPrefix: null };
const DE_TRUNK: NumberingConfig = { country: 'DE', trunkPrefix: '0' };
const AT: NumberingConfig = { country: 'AT', trunkPrefix: null };
const US: NumberingConfig = { country: 'US', trunkPrefix: null };
const IT: NumberingConfig = { country: 'IT', trunkPrefix: null };

/** Deterministic pseudo-random source, so a failure reproduces. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const PIECES = [
  ...'0123456789',
  '0', '00', '+', '+49', '0049', '(0)', '(', ')', '-', '–', '/', '.', ' ', '\t', '\u00a0', '\u200b', '*', '#', ',', ';',
  'tel:', 'sip:', '@', '<', '>', '"', '%', '%2B', '%E0%A4%A', 'x', 'ext', 'anonymous', 'ä', '０', '١', '😀', '\ud800', '\u0000', '\n',
];

function weird(next: () => number): string {
  const n = Math.floor(next() * 25);
  let s = '';
  for (let i = 0; i < n; i++) s += PIECES[Math.floor(next() * PIECES.length)] ?? '';
  return s;
}

/** 3,000 inputs x 6 configurations take seconds next to other test files on a busy machine. */
const TIMEOUT_MS = 60_000;

describe('properties', () => {
  const configs: NumberingConfig[] = [DE, DE_TRUNK, AT, US, IT, { country: 'XX', trunkPrefix: '9' } as unknown as NumberingConfig];

  it('never throws, answers consistently and deterministically for weird strings', () => {
    const next = rng(20240611);
    for (let i = 0; i < 3000; i++) {
      const raw = weird(next);
      for (const cfg of configs) {
        const info = normalizeIncoming(raw, cfg);
        expect(normalizeIncoming(raw, cfg)).toEqual(info);
        expect(info.raw).toBe(raw);
        expect(info.kind === 'number').toBe(info.e164 !== null);
        if (info.e164 !== null) {
          expect(info.e164).toMatch(/^\+[1-9]\d{1,14}$/);
          expect(info.display).toBe(formatNumber(info.e164, cfg));
        }
        const stored = normalizeStored(raw, cfg);
        expect(normalizeStored(raw, cfg)).toEqual(stored);
        formatNumber(raw, cfg);
        searchDigits(stored.e164, raw).forEach((d) => expect(d).toMatch(/^\d+$/));
        expect(switchboardPrefixes(raw)).toEqual([]);
        if (info.e164 !== null) {
          const e164 = info.e164;
          switchboardPrefixes(e164).forEach((p) => expect(e164.startsWith(p) && p.length < e164.length).toBe(true));
          expect(rankMatches(e164, [], [])).toEqual([]);
        }
      }
    }
  }, TIMEOUT_MS);

  it('E.164 output is a fixed point and its display reads back to it', () => {
    const countries: NumberingConfig[] = [DE, DE_TRUNK, AT, US, IT, ...(['CH', 'GB', 'FR', 'RU', 'HU'] as const).map((country) => ({ country, trunkPrefix: null }))];
    const leads = ['0', '00', '+', '', '+49', '0049', '011', '8', '06'];
    const next = rng(7);
    let numbers = 0;
    for (let i = 0; i < 4000; i++) {
      // Plausible digit strings, so that many of them are real numbers.
      const lead = leads[Math.floor(next() * leads.length)] ?? '';
      let digits = '';
      const len = 5 + Math.floor(next() * 11);
      for (let j = 0; j < len; j++) digits += String(Math.floor(next() * 10));
      const cfg = countries[Math.floor(next() * countries.length)] ?? DE;
      const { e164 } = normalizeStored(lead + digits, cfg);
      if (e164 === null) continue;
      numbers++;
      expect(normalizeStored(e164, cfg).e164).toBe(e164);
      expect(normalizeIncoming(e164, cfg).e164).toBe(e164);
      expect(normalizeStored(formatNumber(e164, cfg), cfg).e164).toBe(e164);
    }
    expect(numbers).toBeGreaterThan(300);
  }, TIMEOUT_MS);
});
