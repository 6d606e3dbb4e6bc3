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

export function table(title: string, rows: readonly Row[]): string {
  const lines = [title, ' '.repeat(LABEL_WIDTH) + COLUMNS.map((c) => `${c} ms`.padStart(CELL_WIDTH)).join('')];
  for (const row of rows) {
    const label = row.label.padEnd(LABEL_WIDTH);
    if ('text' in row) lines.push(label + row.text);
    else lines.push(label + row.cells.map((v) => (typeof v === 'number' ? v.toFixed(2) : v).padStart(CELL_WIDTH)).join(''));
  }
  return lines.map((l) => l.trimEnd()).join('\n');
}

export const fmtInt = (n: number): string => n.toLocaleString('en-US');
export const fmtMb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
