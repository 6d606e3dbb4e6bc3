import type { ImportProgress } from './importer.js';

/**
 * One status line for a long import. On a terminal it redraws in place (`\r`); into a file or a
 * CI log it prints a line now and then instead of thousands of carriage returns.
 */
export function progressLine(p: ImportProgress, elapsedMs: number, fraction: number | null, width = 24): string {
  const rate = elapsedMs > 0 ? Math.round((p.rows * 1000) / elapsedMs) : 0;
  const parts: string[] = [];
  if (fraction !== null) {
    const f = Math.min(1, Math.max(0, fraction));
    const filled = Math.round(f * width);
    parts.push(`[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${(f * 100).toFixed(0).padStart(3)}%`);
  }
  parts.push(`${fmt(p.rows)} rows`, `${fmt(rate)} rows/s`);
  if (p.failed > 0) parts.push(`${fmt(p.failed)} failed`);
  if (fraction !== null && fraction > 0.01 && fraction < 1) parts.push(`ETA ${duration((elapsedMs * (1 - fraction)) / fraction)}`);
  return parts.join('  ');
}

export function fmt(n: number): string {
  return n.toLocaleString('en-US');
}

export function duration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

/** Redraws at most every `intervalMs`, so a million callbacks cost a few hundred writes. */
export function progressReporter(
  write: (text: string) => void,
  opts: { tty: boolean; total?: () => number | null; intervalMs?: number },
): { update(p: ImportProgress): void; done(p: ImportProgress): void } {
  const started = performance.now();
  const interval = opts.intervalMs ?? (opts.tty ? 200 : 5000);
  let last = -Infinity;
  let shownRows = -1;
  const render = (p: ImportProgress) => progressLine(p, performance.now() - started, opts.total?.() ?? null);
  return {
    update(p) {
      const now = performance.now();
      if (now - last < interval) return;
      last = now;
      shownRows = p.rows;
      write(opts.tty ? `\r${render(p)}\u001b[K` : `${render(p)}\n`);
    },
    done(p) {
      if (opts.tty) write(`\r${render(p)}\u001b[K\n`);
      else if (shownRows !== p.rows) write(`${render(p)}\n`);
    },
  };
}
