/** Display formatting for the card: German business conventions by default (de-DE, EUR). */

export const DEFAULT_LOCALE = 'de-DE';

export function formatMoney(amount: number, currency: string, locale = DEFAULT_LOCALE): string {
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(amount);
  } catch {
    // An unknown ISO code must not break the card; show the number and the code.
    return `${new Intl.NumberFormat(locale, { minimumFractionDigits: 2 }).format(amount)} ${currency}`;
  }
}

/** `YYYY-MM-DD` as the ERP sends it, shown as a calendar date without time-zone shifts. */
export function formatDate(isoDate: string, locale = DEFAULT_LOCALE): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(isoDate);
  if (!m) return isoDate;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return new Intl.DateTimeFormat(locale, { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'UTC' }).format(date);
}

export function formatDateTime(iso: string, locale = DEFAULT_LOCALE, timeZone?: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, {
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    ...(timeZone ? { timeZone } : {}),
  }).format(date);
}

export function formatTime(iso: string, locale = DEFAULT_LOCALE, timeZone?: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', ...(timeZone ? { timeZone } : {}) }).format(date);
}

/** Today in the agent's local calendar as `YYYY-MM-DD`, comparable with ERP dates as strings. */
export function localIsoDate(now: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Birthdays on 29 February are celebrated on the 28th in other years. */
export function isBirthdayToday(birthday: string | null, today: string): boolean {
  if (!birthday || birthday.length < 10) return false;
  const monthDay = birthday.slice(5, 10);
  const todayMonthDay = today.slice(5, 10);
  if (monthDay === todayMonthDay) return true;
  return monthDay === '02-29' && todayMonthDay === '02-28' && !isLeapYear(Number(today.slice(0, 4)));
}

/**
 * Days from `today` to the next birthday (0 = today), or null when it is more than `within`
 * days away. Birthdays on 29 February fall on the 28th in other years.
 */
export function daysUntilBirthday(birthday: string | null, today: string, within = 7): number | null {
  if (!birthday || !/^\d{4}-\d{2}-\d{2}/.test(birthday)) return null;
  const year = Number(today.slice(0, 4));
  const now = Date.UTC(year, Number(today.slice(5, 7)) - 1, Number(today.slice(8, 10)));
  for (const y of [year, year + 1]) {
    const month = Number(birthday.slice(5, 7)) - 1;
    let day = Number(birthday.slice(8, 10));
    if (month === 1 && day === 29 && !isLeapYear(y)) day = 28;
    const next = Date.UTC(y, month, day);
    const days = Math.round((next - now) / 86_400_000);
    if (days >= 0) return days <= within ? days : null;
  }
  return null;
}

/** The calendar date of an instant in the agent's zone, `YYYY-MM-DD`. */
export function isoDateIn(iso: string, timeZone?: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', ...(timeZone ? { timeZone } : {}) }).format(new Date(iso));
  return parts.slice(0, 10);
}

/** "gestern 14:02", "heute 09:15", "28.05.2025 14:02": when a missed call rang, as said aloud. */
export function formatWhen(iso: string, today: string, locale = DEFAULT_LOCALE, timeZone?: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const day = isoDateIn(iso, timeZone);
  const daysAgo = Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${day}T00:00:00Z`)) / 86_400_000);
  const time = formatTime(iso, locale, timeZone);
  if (daysAgo === 0 || daysAgo === 1) {
    const word = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }).format(-daysAgo, 'day');
    return `${word} ${time}`;
  }
  return `${formatDate(day, locale)} ${time}`;
}

/** Age in whole years on `today`, for "wird heute 50". */
export function yearsSince(isoDate: string, today: string): number {
  const years = Number(today.slice(0, 4)) - Number(isoDate.slice(0, 4));
  return today.slice(5, 10) < isoDate.slice(5, 10) ? years - 1 : years;
}

const ANNIVERSARY_WINDOW_DAYS = 7;

/**
 * "Kunde seit 10 Jahren": a round anniversary (every 5 years) is worth a word on the phone during
 * the week around the date, not only on the day itself.
 */
export function roundAnniversary(customerSince: string | null, today: string): number | null {
  if (!customerSince || !/^\d{4}-\d{2}-\d{2}/.test(customerSince)) return null;
  const year = Number(today.slice(0, 4));
  const years = year - Number(customerSince.slice(0, 4));
  if (years < 5 || years % 5 !== 0) return null;
  const anniversary = Date.UTC(year, Number(customerSince.slice(5, 7)) - 1, Number(customerSince.slice(8, 10)));
  const now = Date.UTC(year, Number(today.slice(5, 7)) - 1, Number(today.slice(8, 10)));
  return Math.abs(now - anniversary) <= ANNIVERSARY_WINDOW_DAYS * 86_400_000 ? years : null;
}
