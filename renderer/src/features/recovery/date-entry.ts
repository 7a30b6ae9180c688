/**
 * Typing a date and time as the console's language writes it — pt-BR `29/11/2026 14:30`,
 * en `11/29/2026 14:30` — whatever locale the browser has (a `datetime-local` input follows the
 * browser's, not the console's). The day/month order comes from `Intl`, the same source the
 * console's dates are shown with (renderer/src/format.ts). Local time. Pure.
 */
import type { Locale } from '../../../../shared/messages';

const pad = (n: number) => String(n).padStart(2, '0');
const dayMonthYear = (locale: Locale) => new Intl.DateTimeFormat(locale, { day: '2-digit', month: '2-digit', year: 'numeric' });

/** `day` before `month` (pt-BR) or `month` before `day` (en), as the locale writes a date. */
export function dateOrder(locale: Locale): 'day-month' | 'month-day' {
  const parts = dayMonthYear(locale).formatToParts(new Date(2026, 10, 29));
  const day = parts.findIndex((part) => part.type === 'day');
  const month = parts.findIndex((part) => part.type === 'month');
  return day < month ? 'day-month' : 'month-day';
}

/** `29/11/2026 14:30` (pt-BR), `11/29/2026 14:30` (en), in local time. */
export function formatDateEntry(ms: number, locale: Locale): string {
  const d = new Date(ms);
  const day = pad(d.getDate());
  const month = pad(d.getMonth() + 1);
  const date = dateOrder(locale) === 'day-month' ? `${day}/${month}` : `${month}/${day}`;
  return `${date}/${d.getFullYear()} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export type DateEntry = { ms: number } | { error: 'empty' | 'format' | 'date' };

// date, then the time (optional: midnight), separated by spaces, `T` or a comma
const ENTRY = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:(?:\s+|\s*,\s*|T)(\d{1,2}):(\d{2}))?$/;

/**
 * Reads what the operator typed in the console's language: `empty` (nothing typed), `format`
 * (not `dd/mm/aaaa hh:mm` or its English order) or `date` (shaped right but no such date or
 * time, e.g. 31/02 or 25:00).
 */
export function parseDateEntry(text: string, locale: Locale): DateEntry {
  const trimmed = text.trim();
  if (trimmed === '') return { error: 'empty' };
  const found = ENTRY.exec(trimmed);
  if (!found) return { error: 'format' };
  const [first, second, year, hours = 0, minutes = 0] = found.slice(1).map((part) => (part === undefined ? undefined : Number(part))) as number[];
  const [day, month] = dateOrder(locale) === 'day-month' ? [first, second] : [second, first];
  if (month < 1 || month > 12 || day < 1 || hours > 23 || minutes > 59) return { error: 'date' };
  const date = new Date(year, month - 1, day, hours, minutes);
  // 31/02 rolls over to March in Date: a day the month does not have is no date
  if (date.getFullYear() !== year || date.getMonth() !== month - 1 || date.getDate() !== day) return { error: 'date' };
  return { ms: date.getTime() };
}
