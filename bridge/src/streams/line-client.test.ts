import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backoffDelay, LineSplitter, MAX_BACKOFF_MS, parseHostPort, retryDelay } from './line-client.js';

describe('line-client helpers', () => {
  it('splits lines across chunks and strips \\r', () => {
    const s = new LineSplitter();
    expect(s.push('a;b\r')).toEqual([]);
    expect(s.push('\nc;')).toEqual(['a;b']);
    expect(s.push('d\n\ne\r\n')).toEqual(['c;d', '', 'e']);
  });

  it('cuts a line that never ends instead of buffering it forever', () => {
    const s = new LineSplitter(10);
    expect(s.push('x'.repeat(25))).toEqual(['x'.repeat(10)]);
    expect(s.push('y\n')).toEqual(['y']);
  });

  it.each([
    ['fritz.box', { host: 'fritz.box', port: 1012 }],
    [' 192.168.178.1:1012 ', { host: '192.168.178.1', port: 1012 }],
    ['box.lan:2012', { host: 'box.lan', port: 2012 }],
    ['[fd00::1]:1012', { host: 'fd00::1', port: 1012 }],
    ['[fd00::1]', { host: 'fd00::1', port: 1012 }],
  ])('parseHostPort(%j)', (input, expected) => {
    expect(parseHostPort(input)).toEqual(expected);
  });

  it.each(['', 'fritz.box:', 'fritz.box:0', 'fritz.box:70000', 'http://fritz.box', 'a b', 'fd00::1:1012'])(
    'parseHostPort(%j) is an error',
    (input) => {
      expect(parseHostPort(input)).toHaveProperty('error');
    },
  );

  it.each([
    [0, 0, 500], [0, 0.999999, 1000], [1, 0, 1000], [3, 1, 8000], [4, 0, 5000], [10, 0, 5000], [10, 1, 10_000], [1000, 1, 10_000],
  ])('backoffDelay(attempt %i, random %f) = %i with defaults', (attempt, r, expected) => {
    expect(backoffDelay(attempt, { random: () => r })).toBe(expected);
  });

  it('never waits longer than 10 s with the defaults, however long the outage, and spreads retries', () => {
    fc.assert(fc.property(fc.nat({ max: 10_000 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (attempt, r) => {
      const d = backoffDelay(attempt, { random: () => r });
      return d <= MAX_BACKOFF_MS && d >= Math.min(MAX_BACKOFF_MS, 1000 * 2 ** attempt) / 2;
    }));
    // Jitter: after a long outage, bridges restarted together do not all knock at the same instant.
    expect(new Set([0, 0.25, 0.5, 0.75].map((r) => backoffDelay(50, { random: () => r }))).size).toBe(4);
  });

  it('keeps the delay within [ceiling/2, ceiling] for custom bounds', () => {
    fc.assert(fc.property(fc.nat({ max: 100 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (attempt, r) => {
      const d = backoffDelay(attempt, { baseMs: 10, maxMs: 200, random: () => r });
      const ceiling = Math.min(200, 10 * 2 ** attempt);
      return d >= ceiling / 2 && d <= ceiling;
    }));
  });

  it('counts the time a connect attempt hung towards the wait, so attempts start at most 10 s apart', () => {
    const r = () => 0.999999;
    // Refused at once: the full delay.
    expect(retryDelay(20, 0, { random: r })).toBe(10_000);
    // A silent host held the attempt for the 10 s connect timeout: try again at once.
    expect(retryDelay(20, 10_000, { random: r })).toBe(0);
    expect(retryDelay(20, 4_000, { random: r })).toBe(6_000);
    expect(retryDelay(0, 250, { random: r })).toBe(750);
    fc.assert(fc.property(fc.nat({ max: 1000 }), fc.nat({ max: 60_000 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (attempt, waited, x) => {
      const d = retryDelay(attempt, waited, { random: () => x });
      // From the start of one attempt to the start of the next: never more than the cap (unless
      // the attempt itself took longer, then at once).
      return d >= 0 && waited + d <= Math.max(MAX_BACKOFF_MS, waited);
    }));
  });
});
