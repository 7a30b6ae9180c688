/**
 * Formatting for the console, per locale through `Intl`: 24-hour local times, dates as the
 * locale writes them (pt-BR `29/11 14:30`, en `11/29 14:30`), grouped numbers (pt-BR `2.892`),
 * short durations, relative times in the catalogue's words. Pure; `formatterFor` binds a locale.
 */
import { DEFAULT_LOCALE, messages, type Locale } from '../../shared/messages';

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

export function parseTime(value: string | number | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  const ms = typeof value === 'number' ? value : Date.parse(value);
  return Number.isFinite(ms) ? ms : null;
}

type TimeInput = string | number | null | undefined;

// Intl formatters are costly to build: one per locale and shape. (No cache by time zone: tests
// change TZ, so those are built on demand.)
const dayMonth = (locale: Locale) => new Intl.DateTimeFormat(locale, { day: '2-digit', month: '2-digit' });
const dayMonthYear = (locale: Locale) => new Intl.DateTimeFormat(locale, { day: '2-digit', month: '2-digit', year: 'numeric' });
const numbers = new Map<Locale, Intl.NumberFormat>();

const hm = (d: Date) => `${pad(d.getHours())}:${pad(d.getMinutes())}`;
const hms = (d: Date) => `${hm(d)}:${pad(d.getSeconds())}`;

/** `HH:MM:SS` today, `29/11 14:30` (pt-BR) on another day of this year, else `29/11/2025 14:30`. */
export function formatTime(value: TimeInput, now: number = Date.now(), locale: Locale = DEFAULT_LOCALE): string {
  const ms = parseTime(value);
  if (ms === null) return '—';
  const d = new Date(ms);
  const today = new Date(now);
  if (d.toDateString() === today.toDateString()) return hms(d);
  if (d.getFullYear() === today.getFullYear()) return `${dayMonth(locale).format(d)} ${hm(d)}`;
  return `${dayMonthYear(locale).format(d)} ${hm(d)}`;
}

/** `HH:MM` today, `29/11 14:30` this year, else the date alone: for dense tables. */
export function formatTimeShort(value: TimeInput, now: number = Date.now(), locale: Locale = DEFAULT_LOCALE): string {
  const ms = parseTime(value);
  if (ms === null) return '—';
  const d = new Date(ms);
  const today = new Date(now);
  if (d.toDateString() === today.toDateString()) return hm(d);
  if (d.getFullYear() === today.getFullYear()) return `${dayMonth(locale).format(d)} ${hm(d)}`;
  return dayMonthYear(locale).format(d);
}

/** Full local date and time, for tooltips: `29/11/2025 14:30:05`. */
export function formatFull(value: TimeInput, locale: Locale = DEFAULT_LOCALE): string {
  const ms = parseTime(value);
  if (ms === null) return '—';
  const d = new Date(ms);
  return `${dayMonthYear(locale).format(d)} ${hms(d)}`;
}

/** A log clock with milliseconds: `14:30:05.007`. */
export function formatClock(ms: number): string {
  const d = new Date(ms);
  return `${hms(d)}.${pad(d.getMilliseconds(), 3)}`;
}

/** `850 ms`, `42 s`, `12 min`, `3 h 05 min`, `2 d 4 h`; days grouped as the language groups numbers (`2.531 d 8 h`). */
export function formatDuration(ms: number | null, locale: Locale = DEFAULT_LOCALE): string {
  if (ms === null || !Number.isFinite(ms)) return '—';
  const abs = Math.abs(ms);
  if (abs < 1000) return `${Math.round(abs)} ms`;
  const s = Math.round(abs / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min${s % 60 && m < 10 ? ` ${pad(s % 60)} s` : ''}`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h ${pad(m % 60)} min`;
  return `${formatCount(Math.floor(h / 24), locale)} d ${h % 24} h`;
}

/** `há 3 min` / `em 12 min` (pt-BR), `3 min ago` / `in 12 min` (en), relative to `now`. */
export function formatRelative(value: TimeInput, now: number, locale: Locale = DEFAULT_LOCALE): string {
  const ms = parseTime(value);
  if (ms === null) return '—';
  const words = messages[locale].relative;
  const delta = ms - now;
  if (Math.abs(delta) < 1500) return words.now;
  return delta < 0 ? words.ago(formatDuration(-delta, locale)) : words.in(formatDuration(delta, locale));
}

/** `247.943` (pt-BR), `247,943` (en). */
export function formatCount(n: number, locale: Locale = DEFAULT_LOCALE): string {
  let format = numbers.get(locale);
  if (!format) numbers.set(locale, (format = new Intl.NumberFormat(locale)));
  return format.format(n);
}

/** The local UTC offset, e.g. `UTC−03:00`. */
export function utcOffsetLabel(now: number = Date.now()): string {
  const minutes = -new Date(now).getTimezoneOffset();
  const sign = minutes < 0 ? '−' : '+';
  const abs = Math.abs(minutes);
  return `UTC${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** The formatting functions with the locale bound: what components get from `useI18n()`. */
export interface Formatter {
  locale: Locale;
  time(value: TimeInput, now?: number): string;
  timeShort(value: TimeInput, now?: number): string;
  full(value: TimeInput): string;
  clock(ms: number): string;
  duration(ms: number | null): string;
  relative(value: TimeInput, now: number): string;
  count(n: number): string;
}

export function formatterFor(locale: Locale): Formatter {
  return {
    locale,
    time: (value, now) => formatTime(value, now, locale),
    timeShort: (value, now) => formatTimeShort(value, now, locale),
    full: (value) => formatFull(value, locale),
    clock: formatClock,
    duration: (ms) => formatDuration(ms, locale),
    relative: (value, now) => formatRelative(value, now, locale),
    count: (n) => formatCount(n, locale),
  };
}
