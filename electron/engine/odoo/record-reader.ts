/**
 * Hand-written checks of one Odoo record, for the hot rows (thousands per page), where a zod
 * parse per row dominated the profile. They apply the same rules as the zod field schemas of
 * `fields.ts` and say a problem in the same words (`validate.ts` formats both), so a bad row
 * is refused with one error naming model, method, row and field either way.
 */
import { parseOdooDatetime } from './fields';

/** What is wrong with one field of a record: thrown by a reader, turned into an `OdooResponseError` by `parseRecords`. */
export class RecordProblem extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'RecordProblem';
  }
}

/** Checks one record and returns it typed; throws a `RecordProblem` for the first bad field. */
export interface RecordReader<T> {
  readonly readRecord: (row: unknown) => T;
}

export function recordReader<T>(readRecord: (row: unknown) => T): RecordReader<T> {
  return { readRecord };
}

/** How a value looks to a human reading an error: Odoo's False is not "boolean". */
export function describeValue(v: unknown): string {
  if (v === false) return 'False';
  if (v === true) return 'True';
  if (v === null) return 'nil';
  if (v === undefined) return 'nothing (field missing)';
  if (Array.isArray(v)) return 'list';
  if (v instanceof Date) return 'dateTime';
  if (Buffer.isBuffer(v)) return 'base64';
  return typeof v === 'object' ? 'struct' : typeof v;
}

/** zod's "invalid_type" in our words. */
export function expectedText(expected: string, actual: unknown): string {
  return `expected ${expected}, got ${describeValue(actual)}`;
}

/** zod's "invalid_union" / "invalid_value" in our words. */
export function unexpectedText(actual: unknown, zodMessage: string): string {
  return `unexpected ${describeValue(actual)} ${JSON.stringify(actual) ?? ''}`.trimEnd() + ` (${zodMessage})`;
}

/** A record: a plain object (zod's `z.object` refuses lists and null alike). */
export function asRecord(row: unknown): Record<string, unknown> {
  if (row === null || typeof row !== 'object' || Array.isArray(row)) throw new RecordProblem('', expectedText('object', row));
  return row as Record<string, unknown>;
}

/** `z.number()`: a finite number. */
export function readNumber(record: Record<string, unknown>, field: string): number {
  const v = record[field];
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new RecordProblem(field, expectedText('number', v));
  return v;
}

/** `z.number().int()`. */
export function readInt(record: Record<string, unknown>, field: string): number {
  const v = record[field];
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new RecordProblem(field, expectedText('number', v));
  if (!Number.isInteger(v)) throw new RecordProblem(field, expectedText('int', v));
  // zod's own words for an integer beyond what a double holds exactly
  if (v > Number.MAX_SAFE_INTEGER) throw new RecordProblem(field, `Too big: expected int to be <=${Number.MAX_SAFE_INTEGER}`);
  if (v < Number.MIN_SAFE_INTEGER) throw new RecordProblem(field, `Too small: expected int to be >=${Number.MIN_SAFE_INTEGER}`);
  return v;
}

/** `z.string()`. */
export function readString(record: Record<string, unknown>, field: string): string {
  const v = record[field];
  if (typeof v !== 'string') throw new RecordProblem(field, expectedText('string', v));
  return v;
}

/** `odooNullableString()`: a string, or False → null. */
export function readNullableString(record: Record<string, unknown>, field: string): string | null {
  const v = record[field];
  if (typeof v === 'string') return v;
  if (v === false) return null;
  throw new RecordProblem(field, unexpectedText(v, 'Invalid input'));
}

/** `odooMany2one()`'s id: `[positive id, "name"]`, or False → null. */
export function readMany2oneId(record: Record<string, unknown>, field: string): number | null {
  const v = record[field];
  if (v === false) return null;
  if (Array.isArray(v) && v.length === 2 && typeof v[1] === 'string') {
    const id = v[0];
    if (typeof id === 'number' && Number.isInteger(id)) {
      if (id > 0 && id <= Number.MAX_SAFE_INTEGER) return id;
      // A well-typed pair with an id out of range: zod names the id itself.
      const message = id > 0 ? `Too big: expected int to be <=${Number.MAX_SAFE_INTEGER}` : 'Too small: expected number to be >0';
      throw new RecordProblem(`${field}.0`, message);
    }
  }
  throw new RecordProblem(field, unexpectedText(v, 'Invalid input'));
}

/** `odooMany2oneRef()`'s id: a bare positive id (read with `load: ''`), `[positive id, "name"]`, or False → null. */
export function readMany2oneRef(record: Record<string, unknown>, field: string): number | null {
  const v = record[field];
  if (typeof v === 'number') {
    if (Number.isInteger(v) && v > 0 && v <= Number.MAX_SAFE_INTEGER) return v;
    // zod's words: a whole number out of range is the id member's error, anything else the union's
    if (!Number.isInteger(v)) throw new RecordProblem(field, unexpectedText(v, 'Invalid input'));
    if (v > Number.MAX_SAFE_INTEGER) throw new RecordProblem(field, `Too big: expected int to be <=${Number.MAX_SAFE_INTEGER}`);
    if (v < Number.MIN_SAFE_INTEGER) throw new RecordProblem(field, `Too small: expected int to be >=${Number.MIN_SAFE_INTEGER}`);
    throw new RecordProblem(field, 'Too small: expected number to be >0');
  }
  return readMany2oneId(record, field);
}

/** `odooDatetime()`: `YYYY-MM-DD HH:MM:SS` (UTC) → Date, or False → null. */
export function readDatetime(record: Record<string, unknown>, field: string): Date | null {
  const v = record[field];
  if (v === false) return null;
  if (typeof v !== 'string') throw new RecordProblem(field, unexpectedText(v, 'Invalid input'));
  const d = parseOdooDatetime(v);
  if (d === null) throw new RecordProblem(field, `expected an Odoo datetime "YYYY-MM-DD HH:MM:SS", got "${v}"`);
  return d;
}

/** A write_date: a datetime that must be set. */
export function readWriteDate(record: Record<string, unknown>): Date {
  const d = readDatetime(record, 'write_date');
  if (d === null) throw new RecordProblem('write_date', 'write_date is empty');
  return d;
}
