/** Nearest-rank percentiles: every reported value is a latency that was actually measured. */
export interface Summary {
  n: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

export function summarize(values: readonly number[]): Summary {
  if (values.length === 0) return { n: 0, p50: NaN, p90: NaN, p99: NaN, max: NaN };
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
  return { n: sorted.length, p50: rank(50), p90: rank(90), p99: rank(99), max: sorted[sorted.length - 1]! };
}

const COLUMNS = ['p50', 'p90', 'p99', 'max'] as const;
const LABEL_WIDTH = 30;
const CELL_WIDTH = 9;

export type Row = { label: string; cells: readonly (number | string)[] } | { label: string; text: string };

export function msRow(label: string, s: Summary): Row {
  return { label, cells: COLUMNS.map((c) => s[c]) };
}

/** Each column of `a` divided by the same column of `b`. */
export function ratioRow(label: string, a: Summary, b: Summary): Row {
  return { label, cells: COLUMNS.map((c) => `${(a[c] / b[c]).toFixed(1)}x`) };
}

/** `digits`: decimals of the millisecond figures (3 for sub-millisecond timings). */
export function table(title: string, rows: readonly Row[], digits = 2): string {
  const lines = [title, ' '.repeat(LABEL_WIDTH) + COLUMNS.map((c) => `${c} ms`.padStart(CELL_WIDTH)).join('')];
  for (const row of rows) {
    const label = row.label.padEnd(LABEL_WIDTH);
    if ('text' in row) lines.push(label + row.text);
    else lines.push(label + row.cells.map((v) => (typeof v === 'number' ? v.toFixed(digits) : v).padStart(CELL_WIDTH)).join(''));
  }
  return lines.map((l) => l.trimEnd()).join('\n');
}

export const fmtInt = (n: number): string => n.toLocaleString('en-US');
export const fmtMb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** A plain table of text cells: the first column left-aligned, the others right-aligned. */
export function textTable(title: string, headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells.map((v, c) => (c === 0 ? v.padEnd(widths[c]!) : v.padStart(widths[c]!))).join('  ').trimEnd();
  return [title, line(headers), ...rows.map(line)].join('\n');
}

/** Least-squares slope of y over x, for growth per unit of x (memory per minute). */
export function slope(points: readonly { x: number; y: number }[]): number {
  const n = points.length;
  if (n < 2) return NaN;
  const mx = points.reduce((a, p) => a + p.x, 0) / n;
  const my = points.reduce((a, p) => a + p.y, 0) / n;
  const sxy = points.reduce((a, p) => a + (p.x - mx) * (p.y - my), 0);
  const sxx = points.reduce((a, p) => a + (p.x - mx) ** 2, 0);
  return sxy / sxx;
}
