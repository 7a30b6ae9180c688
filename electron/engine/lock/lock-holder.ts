/**
 * The lock value: JSON `{token, owner, host, pid, instance, runId, acquiredAt, fence}` (the
 * operator-facing contract of `<prefix>:lock`; `instance`, the holder's process instance, since
 * issue 16.7 — values without it are read as before) plus tokens and parsing. Whatever else sits
 * under the key — the old Python job's plain timestamp, another tool's value, bytes — is read
 * too, as it is, so the console and the CLI can name it and release exactly it.
 */
import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { LockValueInfo, LockValueKind } from '../../../shared/engine-types';
import type { LockBackendName, LockHolder } from './types';

/** A random 128-bit token in hex. */
export function newToken(): string {
  return randomBytes(16).toString('hex');
}

const storedHolder = z.object({
  token: z.string().min(1),
  owner: z.string().catch(''),
  host: z.string().catch(''),
  pid: z.number().int().catch(0),
  instance: z.string().min(1).nullable().optional().catch(undefined),
  runId: z.number().int().nullable().catch(null),
  acquiredAt: z.string().catch(''),
  fence: z.number().int().nullable().catch(null),
});

/** How much of a value is shown; the SHA-1 covers all of it. */
const SHOWN_CHARS = 2000;

/** The exact string stored in Redis / the lock file (backend is implied by where it is stored). */
export function serializeHolder(holder: LockHolder): string {
  const { token, owner, host, pid, instance, runId, acquiredAt, fence } = holder;
  return JSON.stringify({ token, owner, host, pid, instance, runId, acquiredAt, fence });
}

/** SHA-1 (hex) of a value's exact bytes: what a release by value compares (Redis's Lua has `redis.sha1hex`). */
export function valueSha1(stored: string | Buffer): string {
  return createHash('sha1').update(stored).digest('hex');
}

/**
 * Parses a stored value. A value that is not our JSON (the old job's timestamp, someone's `SET`)
 * still reports as held, with its text as owner and an empty token, so no token compares equal to
 * it; `value` says what it is.
 */
export function parseHolder(stored: string | Buffer, backend: LockBackendName): LockHolder {
  const bytes = typeof stored === 'string' ? Buffer.from(stored, 'utf8') : stored;
  const { text, binary } = showBytes(bytes);
  let data: unknown = null;
  if (!binary) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  const parsed = storedHolder.safeParse(data);
  const kind: LockValueKind = parsed.success ? 'ours' : !binary && LEGACY_SHAPE.test(text.trim()) ? 'legacy' : 'foreign';
  const legacyAt = kind === 'legacy' ? legacyTime(text.trim()) : null;
  const truncated = text.length > SHOWN_CHARS;
  const value: LockValueInfo = { raw: truncated ? text.slice(0, SHOWN_CHARS) : text, binary, truncated, sha1: valueSha1(bytes), kind, legacyAt };
  if (parsed.success) {
    const { instance, ...rest } = parsed.data;
    return { ...rest, ...(instance !== undefined ? { instance } : {}), backend, value };
  }
  return { token: '', owner: value.raw.slice(0, 200), host: '', pid: 0, runId: null, acquiredAt: legacyAt ?? '', fence: null, backend, value };
}

/** What must never reach a terminal or a page as is: controls (C0, DEL, C1), line separators, format characters (bidi, zero-width) but the joiners. */
const UNSAFE = /(?![\u200c\u200d])[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;

/** The value as text: UTF-8 as is, unless it is not UTF-8 or holds control characters; then `\xNN` escapes, as `redis-cli` prints. */
function showBytes(bytes: Buffer): { text: string; binary: boolean } {
  let text: string | null;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    text = null;
  }
  if (text !== null && !UNSAFE.test(text)) return { text, binary: false };
  let escaped = '';
  for (const byte of bytes) {
    if (byte === 0x5c) escaped += '\\\\';
    else if (byte >= 0x20 && byte < 0x7f) escaped += String.fromCharCode(byte);
    else escaped += `\\x${byte.toString(16).padStart(2, '0')}`;
  }
  return { text: escaped, binary: true };
}

/**
 * The old job's value: a time as Python prints it (`str(datetime.now())`,
 * `datetime.now().isoformat()`, `time.time()`), or something shaped like one.
 */
const LEGACY_SHAPE = /^\d[\d .:T+Z-]{5,40}$/;
const DATETIME = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:?\d{2})?$/;
const EPOCH_SECONDS = /^(\d{9,11})(?:\.(\d{1,9}))?$/;

/**
 * The time a legacy value holds, as ISO; null when it does not read as one. A time without a
 * zone is read as this host's local time: the old job wrote `datetime.now()` on a server of the
 * same site. Epoch seconds (`time.time()`) are taken between 2001 and 2286.
 */
function legacyTime(text: string): string | null {
  const datetime = DATETIME.exec(text);
  if (datetime) {
    const [, year, month, day, hour, minute, second, fraction = '', zone] = datetime;
    const ms = Number(fraction.padEnd(3, '0').slice(0, 3));
    const fields = [Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second), ms] as const;
    if (fields[1] > 11 || fields[2] < 1 || fields[2] > 31 || fields[3] > 23 || fields[4] > 59 || fields[5] > 59) return null;
    let at: Date;
    if (zone) {
      const offset = zone === 'Z' ? 0 : (zone.startsWith('-') ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(-2)));
      at = new Date(Date.UTC(...fields) - offset * 60_000);
    } else {
      at = new Date(...fields);
    }
    // a day the month lacks (31/02) rolls over: not a time the job wrote
    if (at.getTime() !== at.getTime() || (!zone && at.getDate() !== fields[2])) return null;
    return at.toISOString();
  }
  const epoch = EPOCH_SECONDS.exec(text);
  if (epoch) {
    const ms = Number(epoch[1]) * 1000 + Number((epoch[2] ?? '').padEnd(3, '0').slice(0, 3));
    return ms >= Date.UTC(2001, 0, 1) && ms < Date.UTC(2286, 0, 1) ? new Date(ms).toISOString() : null;
  }
  return null;
}
