import { describe, expect, it } from 'vitest';
import { duration, progressLine, progressReporter } from './progress.js';

const p = { rows: 250_000, imported: 240_000, updated: 9_000, failed: 1_000 };

describe('progress', () => {
  it('shows the bar, rows, rate, failures and the time left', () => {
    expect(progressLine(p, 10_000, 0.25, 8)).toBe('[##------]  25%  250,000 rows  25,000 rows/s  1,000 failed  ETA 0:30');
    expect(progressLine({ ...p, failed: 0 }, 0, null)).toBe('250,000 rows  0 rows/s');
  });

  it('formats durations', () => {
    expect(duration(59_400)).toBe('0:59');
    expect(duration(3_725_000)).toBe('1:02:05');
  });

  it('redraws in place on a terminal and prints a line now and then otherwise', () => {
    const tty: string[] = [];
    const t = progressReporter((s) => tty.push(s), { tty: true, intervalMs: 1e9 });
    t.update(p);
    t.update(p);
    t.done(p);
    expect(tty).toHaveLength(2);
    expect(tty[0]).toMatch(/^\r250,000 rows/);
    expect(tty[1]).toMatch(/\n$/);

    const log: string[] = [];
    const l = progressReporter((s) => log.push(s), { tty: false, intervalMs: 1e9 });
    l.update(p);
    l.done(p);
    expect(log).toHaveLength(1);
  });
});
