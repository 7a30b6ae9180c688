/** Formatting for the console: unambiguous 24-hour local times, short durations. */

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

export function parseTime(value: string | number | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  const ms = typeof value === 'number' ? value : Date.parse(value);
  return Number.isFinite(ms) ? ms : null;
}

/** `HH:MM:SS` today, `MM-DD HH:MM` on another day of this year, else `YYYY-MM-DD HH:MM`. */
export function formatTime(value: string | number | null | undefined, now: number = Date.now()): string {
  const ms = parseTime(value);
  if (ms === null) return '—';
  const d = new Date(ms);
  const today = new Date(now);
  const hm = `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  if (d.toDateString() === today.toDateString()) return `${hm}:${pad(d.getSeconds())}`;
  if (d.getFullYear() === today.getFullYear()) return `${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${hm}`;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${hm}`;
}

/** `HH:MM` today, `MM-DD HH:MM` otherwise: for dense tables. */
export function formatTimeShort(value: string | number | null | undefined, now: number = Date.now()): string {
  const ms = parseTime(value);
  if (ms === null) return '—';
  const d = new Date(ms);
  const hm = `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  const today = new Date(now);
  if (d.toDateString() === today.toDateString()) return hm;
  if (d.getFullYear() === today.getFullYear()) return `${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${hm}`;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** Full local date and time, for tooltips. */
export function formatFull(value: string | number | null | undefined): string {
  const ms = parseTime(value);
  if (ms === null) return '—';
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

export function formatClock(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

/** `850 ms`, `42 s`, `12 min`, `3 h 05 min`, `2 d 4 h`. */
export function formatDuration(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return '—';
  const abs = Math.abs(ms);
  if (abs < 1000) return `${Math.round(abs)} ms`;
  const s = Math.round(abs / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min${s % 60 && m < 10 ? ` ${pad(s % 60)} s` : ''}`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h ${pad(m % 60)} min`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}

/** `3 min ago` / `in 12 min` relative to `now`. */
export function formatRelative(value: string | number | null | undefined, now: number): string {
  const ms = parseTime(value);
  if (ms === null) return '—';
  const delta = ms - now;
  if (Math.abs(delta) < 1500) return 'now';
  return delta < 0 ? `${formatDuration(-delta)} ago` : `in ${formatDuration(delta)}`;
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** The local UTC offset, e.g. `UTC−03:00`. */
export function utcOffsetLabel(now: number = Date.now()): string {
  const minutes = -new Date(now).getTimezoneOffset();
  const sign = minutes < 0 ? '−' : '+';
  const abs = Math.abs(minutes);
  return `UTC${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}
