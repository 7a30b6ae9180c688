import type { z } from 'zod';
import type { XmlRpcValue } from '../xmlrpc';
import { OdooResponseError, type OdooCallContext } from './errors';
import { RecordProblem, describeValue as describe, expectedText, unexpectedText, type RecordReader } from './record-reader';

/** How ONE record is checked: a zod schema, or a hand-written reader for the hot rows. */
export type RecordSchema = z.ZodType | RecordReader<unknown>;
/** The typed record a `RecordSchema` gives. */
export type RecordOf<S extends RecordSchema> = S extends RecordReader<infer T> ? T : S extends z.ZodType ? z.output<S> : never;

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = root;
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}

function issueText(issue: z.core.$ZodIssue, actual: unknown): string {
  if (issue.code === 'invalid_type') return expectedText(issue.expected, actual);
  if (issue.code === 'invalid_union' || issue.code === 'invalid_value') return unexpectedText(actual, issue.message);
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
 * Validates a list of records with a schema (or reader) for ONE record. The first bad row
 * stops the call with an error naming model, method, row and field: a row is never silently dropped.
 */
export function parseRecords<S extends RecordSchema>(
  value: XmlRpcValue,
  schema: S,
  context: OdooCallContext,
  /** a further check of each raw row (e.g. paging's rising ids), in the same pass */
  checkRow?: (row: unknown, index: number) => void,
): RecordOf<S>[] {
  const where = [context.model, context.method].filter(Boolean).join('.');
  if (!Array.isArray(value)) throw new OdooResponseError(`${where}: expected a list of records, got ${describe(value)}`, context);
  if ('readRecord' in schema) return readRecords(value, schema.readRecord, context, where, checkRow) as RecordOf<S>[];
  const out: RecordOf<S>[] = new Array(value.length);
  for (let i = 0; i < value.length; i++) {
    checkRow?.(value[i], i);
    const r = schema.safeParse(value[i]);
    if (!r.success) {
      const issue = r.error.issues[0];
      throw rowError(context, where, i, issue.path.map(String).join('.'), issueText(issue, valueAt(value[i], issue.path)));
    }
    out[i] = r.data as RecordOf<S>;
  }
  return out;
}

function readRecords(
  rows: XmlRpcValue[],
  readRecord: (row: unknown) => unknown,
  context: OdooCallContext,
  where: string,
  checkRow: ((row: unknown, index: number) => void) | undefined,
): unknown[] {
  const out: unknown[] = new Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    checkRow?.(rows[i], i);
    try {
      out[i] = readRecord(rows[i]);
    } catch (error) {
      if (error instanceof RecordProblem) throw rowError(context, where, i, error.field, error.message);
      throw error;
    }
  }
  return out;
}

function rowError(context: OdooCallContext, where: string, row: number, field: string, text: string): OdooResponseError {
  const at = field ? ` field "${field}"` : '';
  return new OdooResponseError(`${where}: row ${row}${at}: ${text}`, context, row, field || undefined);
}
