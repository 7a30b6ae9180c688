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

/** The body as JSON; a body that is not UTF-8 JSON is an `OdooResponseError` naming where it came from. */
export function parseJsonBody(answer: HttpAnswer, where: string): OdooValue {
  let text: string;
  try {
    text = utf8.decode(answer.body);
  } catch (err) {
    throw new OdooResponseError(`JSON answer from ${where} is not UTF-8: ${(err as Error).message}`, { cause: err });
  }
  try {
    return JSON.parse(text) as OdooValue;
  } catch (err) {
    throw new OdooResponseError(`malformed JSON answer from ${where}: ${(err as Error).message}`, { cause: err });
  }
}

/** Odoo's `{name, message, debug}` error object, or null when `value` is not one. */
export function readOdooException(value: unknown): OdooExceptionBody | null {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
  const { name, message, debug } = value as Record<string, unknown>;
  if (typeof name !== 'string' || typeof message !== 'string') return null;
  return { name, message, debug: typeof debug === 'string' ? debug : undefined };
}
