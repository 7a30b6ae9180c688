import { z } from 'zod';

/*
 * zod schemas for Odoo field values as XML-RPC delivers them. Odoo sends `False` for an
 * empty value of any type; these helpers turn it into `null` so typed code never sees
 * `false` standing in for "no date" or "no product".
 */

const DATETIME = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** `YYYY-MM-DD HH:MM:SS` in UTC, whole seconds: how Odoo reads datetimes in a domain. */
export function formatOdooDatetime(d: Date): string {
  if (Number.isNaN(d.getTime())) throw new TypeError('cannot format an invalid Date for Odoo');
  return (
    `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`
  );
}

/** `YYYY-MM-DD` of a date field (UTC calendar day). */
export function formatOdooDate(d: Date): string {
  return formatOdooDatetime(d).slice(0, 10);
}

/** Parses Odoo's UTC datetime string; null when it is not one (or not a real calendar time). */
export function parseOdooDatetime(s: string): Date | null {
  const m = DATETIME.exec(s);
  if (m === null) return null;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]));
  return formatOdooDatetime(d) === s ? d : null;
}

function parseOdooDate(s: string): Date | null {
  const m = DATE.exec(s);
  if (m === null) return null;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return formatOdooDate(d) === s ? d : null;
}

const falseToNull = <T>(v: T | false): T | null => (v === false ? null : v);

/** A char/text field that must be set. */
export function odooString() {
  return z.string();
}

/** A char/text field that may be empty (`False` → null). */
export function odooNullableString() {
  return z.union([z.string(), z.literal(false)]).transform(falseToNull);
}

/** A float/monetary field. Odoo sends 0.0, never False, for an empty float. */
export function odooFloat() {
  return z.number();
}

/** An integer field (or an id). */
export function odooInt() {
  return z.number().int();
}

/** A many2one: `[id, "display name"]`, or `False` → null. */
export function odooMany2one() {
  return z
    .union([z.tuple([z.number().int().positive(), z.string()]), z.literal(false)])
    .transform((v): { id: number; name: string } | null => (v === false ? null : { id: v[0], name: v[1] }));
}

/**
 * A many2one read with `load: ''` (Odoo computes no display name): a bare id — or
 * `[id, "display name"]` from a server that ignores `load` —, or `False` → null.
 */
export function odooMany2oneRef() {
  return z
    .union([z.number().int().positive(), z.tuple([z.number().int().positive(), z.string()]), z.literal(false)])
    .transform((v): { id: number } | null => (v === false ? null : { id: typeof v === 'number' ? v : v[0] }));
}

/** A datetime field: UTC string `YYYY-MM-DD HH:MM:SS` → Date; `False` → null. */
export function odooDatetime() {
  return z.union([z.string(), z.literal(false)]).transform((v, ctx): Date | null => {
    if (v === false) return null;
    const d = parseOdooDatetime(v);
    if (d === null) {
      ctx.addIssue({ code: 'custom', message: `expected an Odoo datetime "YYYY-MM-DD HH:MM:SS", got "${v}"` });
      return z.NEVER;
    }
    return d;
  });
}

/** A date field: `YYYY-MM-DD` → Date at UTC midnight; `False` → null. */
export function odooDate() {
  return z.union([z.string(), z.literal(false)]).transform((v, ctx): Date | null => {
    if (v === false) return null;
    const d = parseOdooDate(v);
    if (d === null) {
      ctx.addIssue({ code: 'custom', message: `expected an Odoo date "YYYY-MM-DD", got "${v}"` });
      return z.NEVER;
    }
    return d;
  });
}

/** A one2many/many2many: list of ids. */
export function odooIdList() {
  return z.array(z.number().int().positive());
}

/** A selection field, optionally restricted to known values; `False` → null. */
export function odooSelection(): z.ZodType<string | null, string | false>;
export function odooSelection<const T extends readonly [string, ...string[]]>(values: T): z.ZodType<T[number] | null, string | false>;
export function odooSelection(values?: readonly [string, ...string[]]): z.ZodType<string | null, string | false> {
  const base = values === undefined ? z.string() : z.enum(values);
  return z.union([base, z.literal(false)]).transform(falseToNull);
}
