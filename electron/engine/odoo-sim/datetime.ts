/**
 * Odoo keeps `write_date`/`create_date` with microseconds (PostgreSQL `timestamp`), shows
 * every datetime as a UTC string `YYYY-MM-DD HH:MM:SS` over XML-RPC, and compares domain
 * values against the full-precision column. The simulator stores datetimes as integer
 * microseconds since the epoch (exact in a double up to year 2255).
 */

/** Microseconds since the epoch. */
export type Micros = number;

export function dateToMicros(date: Date): Micros {
  return date.getTime() * 1000;
}

let cachedSecond = Number.NaN;
let cachedText = '';

/** `YYYY-MM-DD HH:MM:SS` UTC, microseconds truncated (as Odoo shows them). */
export function formatOdooDatetime(us: Micros): string {
  const second = Math.floor(us / 1_000_000);
  if (second === cachedSecond) return cachedText;
  const iso = new Date(second * 1000).toISOString();
  cachedSecond = second;
  cachedText = `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
  return cachedText;
}

const DATETIME_RE = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?)?(?:Z|[+-]00:?00)?$/;

/**
 * Parses what Odoo accepts for a datetime value (`YYYY-MM-DD HH:MM:SS[.ffffff]`, or a bare
 * date meaning midnight), always as UTC. Returns undefined when the text is not a datetime.
 */
export function parseOdooDatetime(text: string): Micros | undefined {
  const m = DATETIME_RE.exec(text.trim());
  if (!m) return undefined;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0));
  if (Number.isNaN(ms)) return undefined;
  const fraction = m[7] ? Number(m[7].padEnd(6, '0')) : 0;
  return ms * 1000 + fraction;
}

/** Seconds precision, as the ORM stores datetime fields other than the log-access columns. */
export function truncateToSecond(us: Micros): Micros {
  return Math.floor(us / 1_000_000) * 1_000_000;
}
