import type { XmlRpcValue } from '../xmlrpc';
import { formatOdooDatetime } from './fields';

/** A domain leaf, e.g. `['write_date', '>=', '2026-01-01 00:00:00']`. Dates are sent as UTC strings. */
export type OdooDomainLeaf = readonly [string, string, XmlRpcValue | readonly XmlRpcValue[]];
/** Prefix-notation domain: leaves and the operators `&`, `|`, `!`. */
export type OdooDomain = readonly (OdooDomainLeaf | '&' | '|' | '!')[];

function toWire(v: unknown, where: string): XmlRpcValue {
  if (v instanceof Date) return formatOdooDatetime(v); // Odoo compares datetimes as UTC strings
  if (Array.isArray(v)) return v.map((x) => toWire(x, where));
  if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  throw new TypeError(`domain ${where}: cannot send ${typeof v} to Odoo`);
}

/**
 * Checks a domain's shape (callers often build it as `unknown[]`) and converts Date values to
 * Odoo's UTC datetime strings, so a bad domain fails here with a clear message, not in Odoo.
 */
export function domainToWire(domain: readonly unknown[]): XmlRpcValue[] {
  return domain.map((item, i): XmlRpcValue => {
    if (item === '&' || item === '|' || item === '!') return item;
    if (Array.isArray(item) && item.length === 3 && typeof item[0] === 'string' && typeof item[1] === 'string') {
      return [item[0], item[1], toWire(item[2], `item ${i}`)];
    }
    throw new TypeError(`domain item ${i} must be '&', '|', '!' or [field, operator, value], got ${JSON.stringify(item)}`);
  });
}
