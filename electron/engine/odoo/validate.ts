import type { z } from 'zod';
import type { XmlRpcValue } from '../xmlrpc';
import { OdooResponseError, type OdooCallContext } from './errors';

/** How a value looks to a human reading an error: Odoo's False is not "boolean". */
function describe(v: unknown): string {
  if (v === false) return 'False';
  if (v === true) return 'True';
  if (v === null) return 'nil';
  if (v === undefined) return 'nothing (field missing)';
  if (Array.isArray(v)) return 'list';
  if (v instanceof Date) return 'dateTime';
  if (Buffer.isBuffer(v)) return 'base64';
  return typeof v === 'object' ? 'struct' : typeof v;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = root;
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}

function issueText(issue: z.core.$ZodIssue, actual: unknown): string {
  if (issue.code === 'invalid_type') return `expected ${issue.expected}, got ${describe(actual)}`;
  if (issue.code === 'invalid_union' || issue.code === 'invalid_value')
    return `unexpected ${describe(actual)} ${JSON.stringify(actual) ?? ''}`.trimEnd() + ` (${issue.message})`;
  return issue.message;
}

/** Validates one whole answer (not a record list); the first problem becomes an OdooResponseError. */
export function parseAnswer<S extends z.ZodType>(value: XmlRpcValue, schema: S, context: OdooCallContext): z.output<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const field = issue.path.map(String).join('.');
  const where = [context.model, context.method].filter(Boolean).join('.');
  const at = field ? ` field "${field}":` : '';
  throw new OdooResponseError(`${where}:${at} ${issueText(issue, valueAt(value, issue.path))}`, context, undefined, field || undefined);
}

/**
 * Validates a list of records with a schema for ONE record. The first bad row stops the
 * call with an error naming model, method, row and field: a row is never silently dropped.
 */
export function parseRecords<S extends z.ZodType>(value: XmlRpcValue, schema: S, context: OdooCallContext): z.output<S>[] {
  const where = [context.model, context.method].filter(Boolean).join('.');
  if (!Array.isArray(value)) throw new OdooResponseError(`${where}: expected a list of records, got ${describe(value)}`, context);
  const out: z.output<S>[] = new Array(value.length);
  for (let i = 0; i < value.length; i++) {
    const r = schema.safeParse(value[i]);
    if (!r.success) {
      const issue = r.error.issues[0];
      const field = issue.path.map(String).join('.');
      const at = field ? ` field "${field}"` : '';
      throw new OdooResponseError(`${where}: row ${i}${at}: ${issueText(issue, valueAt(value[i], issue.path))}`, context, i, field || undefined);
    }
    out[i] = r.data;
  }
  return out;
}
