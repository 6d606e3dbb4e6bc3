/**
 * Date fields typed in the chosen locale's order (31.12.2025, 31/12/2025, 12/31/2025). A native
 * `<input type="date">` follows the browser's language, not the extension's, so an office that
 * chose German on an English Chromium would get month-first dates there.
 */
import type { Translate } from './i18n-core.js';

type Part = 'day' | 'month' | 'year';

interface DateOrder {
  parts: Part[];
  separator: string;
}

export function dateOrder(locale: string): DateOrder {
  const parts = new Intl.DateTimeFormat(locale, { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'UTC' }).formatToParts(new Date(Date.UTC(2025, 11, 31)));
  const order = parts.filter((p) => p.type === 'day' || p.type === 'month' || p.type === 'year').map((p) => p.type as Part);
  const separator = parts.find((p) => p.type === 'literal')?.value ?? '.';
  return { parts: order.length === 3 ? order : ['day', 'month', 'year'], separator };
}

/** "TT.MM.JJJJ" / "DD/MM/YYYY", from the message file's words for day, month and year. */
export function datePlaceholder(locale: string, t: Translate): string {
  const { parts, separator } = dateOrder(locale);
  const word = { day: t('date_day'), month: t('date_month'), year: t('date_year') };
  return parts.map((p) => word[p]).join(separator);
}

/** The typed date as `YYYY-MM-DD`; an ISO date is accepted too. Null when it is no real date. */
export function parseLocalDate(text: string, locale: string): string | null {
  const trimmed = text.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(trimmed)) return validDate(Number(trimmed.slice(0, 4)), Number(trimmed.slice(5, 7)), Number(trimmed.slice(8, 10)));
  const numbers = trimmed.split(/[^\d]+/).filter(Boolean);
  if (numbers.length !== 3) return null;
  const { parts } = dateOrder(locale);
  const value = Object.fromEntries(parts.map((p, i) => [p, Number(numbers[i])])) as Record<Part, number>;
  const year = value.year < 100 ? 2000 + value.year : value.year;
  return validDate(year, value.month, value.day);
}

function validDate(year: number, month: number, day: number): string | null {
  const d = new Date(Date.UTC(year, month - 1, day));
  if (year < 1900 || year > 2200 || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return null;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
