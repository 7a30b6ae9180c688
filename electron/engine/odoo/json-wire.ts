/**
 * What the two JSON protocols share: values to JSON text (doubles as numbers, dates as Odoo's
 * `YYYY-MM-DD HH:MM:SS` UTC strings, bytes as base64, as XML-RPC callers give them), the
 * answer body parsed in one pass, and Odoo's error objects read into the common error classes.
 */
import { XmlRpcDouble } from '../xmlrpc';
import { OdooResponseError, type OdooExceptionBody } from './errors';
import { formatOdooDatetime } from './fields';
import type { HttpAnswer } from './http-exchange';
import type { OdooValue } from './transport';

export function encodeJson(value: unknown): Buffer {
  return Buffer.from(
    JSON.stringify(value, function (this: Record<string, unknown>, key: string, converted: unknown) {
      const original = this[key];
      if (original instanceof XmlRpcDouble) return original.value;
      if (original instanceof Date) return formatOdooDatetime(original);
      if (Buffer.isBuffer(original)) return original.toString('base64');
      return converted;
    }),
    'utf8',
  );
}

export function isJsonAnswer(answer: HttpAnswer): boolean {
  return /^application\/json\b/i.test(answer.headers['content-type'] ?? '');
}

/** Refuses bytes that are not UTF-8 instead of storing U+FFFD in their place (as the XML-RPC decoder does). */
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The body as JSON, parsed in one pass; a body that is not UTF-8 JSON, or that carries a string
 * PostgreSQL cannot store as sent, is an `OdooResponseError` naming where it came from (and the
 * row and field of a record list): an escaped NUL (`\u0000`, which text cannot hold, as XML
 * cannot carry it) or an escaped lone surrogate (`\ud800`: half of a character, which would be
 * stored as U+FFFD; XML-RPC refuses `&#xD800;` alike).
 */
export function parseJsonBody(answer: HttpAnswer, where: string): OdooValue {
  let text: string;
  try {
    text = utf8.decode(answer.body);
  } catch (err) {
    throw new OdooResponseError(`JSON answer from ${where} is not UTF-8: ${(err as Error).message}`, { cause: err });
  }
  let value: OdooValue;
  try {
    value = JSON.parse(text) as OdooValue;
  } catch (err) {
    throw new OdooResponseError(`malformed JSON answer from ${where}: ${(err as Error).message}`, { cause: err });
  }
  // One native scan of the text each, not a walk over the rows; the walk happens only to say where.
  if (hasEscapedNul(text)) {
    const found = pathOf(value, [], (s) => s.includes('\0')) ?? { path: [], text: '' };
    throw refusal(found.path, where, 'escape "\\u0000" (U+0000) is not allowed: PostgreSQL text cannot hold it');
  }
  // an escaped surrogate is usually one half of an escaped pair (Python's json.dumps escapes emoji so): the walk tells
  if (SURROGATE_ESCAPE.test(text)) {
    const found = pathOf(value, [], (s) => LONE_SURROGATE.test(s));
    if (found) throw refusal(found.path, where, loneSurrogateProblem(found.text));
  }
  return value;
}

/** Whether the JSON text has a `\u0000` escape (not a literal backslash followed by "u0000"). */
export function hasEscapedNul(text: string): boolean {
  for (let at = text.indexOf('\\u0000'); at !== -1; at = text.indexOf('\\u0000', at + 1)) {
    let backslashes = 0;
    while (at - 1 - backslashes >= 0 && text.charCodeAt(at - 1 - backslashes) === 0x5c) backslashes++;
    if (backslashes % 2 === 0) return true;
  }
  return false;
}

/** A `\uD800`–`\uDFFF` escape, paired or not (or a literal backslash before "ud800": the walk tells). */
const SURROGATE_ESCAPE = /\\u[dD][89a-fA-F][0-9a-fA-F]{2}/;
/** With the `u` flag a pair is one code point: only a half alone is `Cs`. */
const LONE_SURROGATE = /\p{Cs}/u;

function loneSurrogateProblem(found: string): string {
  const code = LONE_SURROGATE.exec(found)![0].charCodeAt(0);
  return `escape "\\u${code.toString(16)}" (U+${code.toString(16).toUpperCase()}) is half of a character (a lone surrogate): PostgreSQL would store U+FFFD in its place`;
}

/** Shows a path segment in a message: a lone surrogate in a key is written as its escape, never sent on as is. */
function shown(segment: string | number): string {
  return String(segment).replace(/\p{Cs}/gu, (half) => `\\u${half.charCodeAt(0).toString(16)}`);
}

/** The error for an unstorable string at `found` (a path in the answer), naming its row and field when it is in a record. */
function refusal(found: (string | number)[], where: string, problem: string): OdooResponseError {
  // A JSON-RPC answer's records are inside its envelope's `result`.
  const path = found[0] === 'result' ? found.slice(1) : found;
  if (typeof path[0] === 'number' && path.length > 1) {
    const field = path.slice(1).map(shown).join('.');
    return new OdooResponseError(`malformed JSON answer from ${where}: row ${path[0]} field "${field}": ${problem}`, undefined, path[0], field);
  }
  const at = path.length > 0 ? ` at "${path.map(shown).join('.')}"` : '';
  return new OdooResponseError(`malformed JSON answer from ${where}${at}: ${problem}`);
}

/** The path to the first string (value or key) `bad` says is unstorable, depth first, and that string. */
function pathOf(value: unknown, path: (string | number)[], bad: (s: string) => boolean): { path: (string | number)[]; text: string } | null {
  if (typeof value === 'string') return bad(value) ? { path, text: value } : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = pathOf(value[i], [...path, i], bad);
      if (found) return found;
    }
    return null;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (bad(key)) return { path: [...path, key], text: key };
      const found = pathOf(item, [...path, key], bad);
      if (found) return found;
    }
  }
  return null;
}

/** Odoo's `{name, message, debug}` error object, or null when `value` is not one. */
export function readOdooException(value: unknown): OdooExceptionBody | null {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
  const { name, message, debug } = value as Record<string, unknown>;
  if (typeof name !== 'string' || typeof message !== 'string') return null;
  return { name, message, debug: typeof debug === 'string' ? debug : undefined };
}
