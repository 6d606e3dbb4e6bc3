/** Display formatting: German conventions first (de-DE), British English second (en-GB, 24 h). */
import type { Lang } from '../i18n/i18n.js';

export function localeOf(lang: Lang): string {
  return lang === 'de' ? 'de-DE' : 'en-GB';
}

export function formatDateTime(iso: string, lang: Lang): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(localeOf(lang), {
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).format(date);
}

/** `YYYY-MM-DD` from the ERP as a calendar date, without time-zone shifts. */
export function formatDate(isoDate: string, lang: Lang): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(isoDate);
  if (!m) return isoDate;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return new Intl.DateTimeFormat(localeOf(lang), { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'UTC' }).format(date);
}

const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['day', 86_400],
  ['hour', 3_600],
  ['minute', 60],
  ['second', 1],
];

/**
 * "vor 5 s", "vor 3 Min.": how fresh the last webhook is matters more to someone watching the
 * page during setup than the exact clock time, which is shown next to it.
 */
export function relativeTime(iso: string, now: number, lang: Lang): string {
  const then = new Date(iso).getTime();
  if (Number.isNaN(then)) return '';
  const seconds = Math.round((then - now) / 1000);
  const format = new Intl.RelativeTimeFormat(localeOf(lang), { style: 'narrow', numeric: 'auto' });
  // A clock a second ahead of ours would otherwise read "in 1 s".
  if (seconds >= 0) return format.format(0, 'second');
  for (const [unit, size] of UNITS) {
    if (-seconds >= size) return format.format(Math.trunc(seconds / size), unit);
  }
  return format.format(0, 'second');
}

export function formatCount(n: number, lang: Lang): string {
  return new Intl.NumberFormat(localeOf(lang)).format(n);
}

export function formatMoney(amount: number, currency: string, lang: Lang): string {
  try {
    return new Intl.NumberFormat(localeOf(lang), { style: 'currency', currency }).format(amount);
  } catch {
    return `${new Intl.NumberFormat(localeOf(lang), { minimumFractionDigits: 2 }).format(amount)} ${currency}`;
  }
}

export function formatBytes(bytes: number, lang: Lang): string {
  const nf = (n: number) => new Intl.NumberFormat(localeOf(lang), { maximumFractionDigits: 1 }).format(n);
  if (bytes < 1024) return `${nf(bytes)} B`;
  if (bytes < 1024 * 1024) return `${nf(bytes / 1024)} KB`;
  return `${nf(bytes / (1024 * 1024))} MB`;
}
