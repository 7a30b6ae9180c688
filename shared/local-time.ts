/**
 * Times as an operator reads them outside the console (CLI output, log message text, the
 * connection test): pt-BR dates, 24-hour clock, this host's time zone (`TZ` respected: the zone
 * is read at each call), e.g. `06/12/2026 07:00`, with the UTC offset where the text stands alone
 * (`06/12/2026 07:00 (UTC−03:00)`). The one place these are written; machine fields (JSON log
 * fields, `--json`) stay ISO. The console has its own, per language (renderer/src/format.ts),
 * writing the offset the same way (`UTC−03:00`).
 */

type TimeInput = Date | string | number;

const pad = (n: number) => String(n).padStart(2, '0');

function toDate(value: TimeInput): Date | null {
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** `06/12/2026` (pt-BR). */
export function localDate(value: TimeInput): string {
  const date = toDate(value);
  if (!date) return '—';
  return new Intl.DateTimeFormat('pt-BR', { day: '2-digit', month: '2-digit', year: 'numeric' }).format(date);
}

/** `07:00`, or `07:00:05` with seconds. */
export function localClock(value: TimeInput, options: { seconds?: boolean } = {}): string {
  const date = toDate(value);
  if (!date) return '—';
  const hm = `${pad(date.getHours())}:${pad(date.getMinutes())}`;
  return options.seconds ? `${hm}:${pad(date.getSeconds())}` : hm;
}

/** `06/12/2026 07:00` (`06/12/2026 07:00:05` with seconds), local time; `—` for no time. */
export function localDateTime(value: TimeInput | null | undefined, options: { seconds?: boolean } = {}): string {
  if (value === null || value === undefined) return '—';
  const date = toDate(value);
  if (!date) return '—';
  return `${localDate(date)} ${localClock(date, options)}`;
}

/** This host's offset from UTC at that moment: `UTC−03:00`, `UTC+05:30`, `UTC` (the console's way of writing it). */
export function utcOffset(value: TimeInput = new Date()): string {
  const date = toDate(value) ?? new Date();
  const minutes = -date.getTimezoneOffset();
  if (minutes === 0) return 'UTC';
  const abs = Math.abs(minutes);
  return `UTC${minutes < 0 ? '−' : '+'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** The host's time zone and its offset now: `America/Sao_Paulo, UTC−03:00` (a header line's "horários locais (…)"). */
export function localZone(now: TimeInput = new Date()): string {
  const name = new Intl.DateTimeFormat().resolvedOptions().timeZone;
  const offset = utcOffset(now);
  return name && name !== 'UTC' && name !== 'Etc/UTC' ? `${name}, ${offset}` : offset;
}

/** A time that stands alone (a log line): `06/12/2026 07:00 (UTC−03:00)`. */
export function localDateTimeZoned(value: TimeInput | null | undefined, options: { seconds?: boolean } = {}): string {
  if (value === null || value === undefined) return '—';
  const date = toDate(value);
  if (!date) return '—';
  return `${localDateTime(date, options)} (${utcOffset(date)})`;
}

/**
 * A stretch of time: `06/12/2026 07:00 → 08:00 (UTC−03:00)` within a day, `06/12/2026 23:00 →
 * 07/12/2026 01:00 (UTC−03:00)` across days; each end with its own offset when they differ (a
 * change of daylight saving time inside the stretch). `zone: false` leaves the offset out (a text
 * that says the zone once, such as `status`).
 */
export function localRange(from: TimeInput, to: TimeInput, options: { seconds?: boolean; zone?: boolean } = {}): string {
  const start = toDate(from);
  const end = toDate(to);
  if (!start || !end) return `${start ? localDateTime(start, options) : '—'} → ${end ? localDateTime(end, options) : '—'}`;
  const zone = options.zone !== false;
  const sameOffset = utcOffset(start) === utcOffset(end);
  if (zone && !sameOffset) return `${localDateTimeZoned(start, options)} → ${localDateTimeZoned(end, options)}`;
  const endText = localDate(start) === localDate(end) ? localClock(end, options) : localDateTime(end, options);
  return `${localDateTime(start, options)} → ${endText}${zone ? ` (${utcOffset(start)})` : ''}`;
}
