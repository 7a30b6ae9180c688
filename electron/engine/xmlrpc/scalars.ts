import { XmlRpcParseError } from './errors';

/* Text of typed scalars → JS values, with Python's leniency (surrounding blanks) and nothing more. */

function isBlank(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}

/** `<int>`, `<i4>`, `<i8>` straight from the document, without slicing a substring. */
export function parseIntAt(buf: string, from: number, to: number): number {
  while (from < to && isBlank(buf.charCodeAt(from))) from++;
  while (to > from && isBlank(buf.charCodeAt(to - 1))) to--;
  let neg = false;
  const sign = buf.charCodeAt(from);
  if (sign === 45 /* - */ || sign === 43 /* + */) {
    neg = sign === 45;
    from++;
  }
  if (from >= to || to - from > 19) throw new XmlRpcParseError(`bad integer "${buf.slice(from, to)}"`);
  let n = 0;
  for (let i = from; i < to; i++) {
    const d = buf.charCodeAt(i) - 48;
    if (d < 0 || d > 9) throw new XmlRpcParseError(`bad integer "${buf.slice(from, to)}"`);
    n = n * 10 + d;
  }
  // Beyond 2^53 the running sum drifts; let the number parser round correctly once.
  if (to - from > 15) n = Number(buf.slice(from, to));
  return neg ? -n : n;
}

const DOUBLE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

export function parseDouble(text: string): number {
  const t = text.trim();
  if (DOUBLE.test(t)) return Number(t);
  switch (t.toLowerCase()) {
    case 'nan':
    case '+nan':
    case '-nan':
      return NaN;
    case 'inf':
    case '+inf':
    case 'infinity':
    case '+infinity':
      return Infinity;
    case '-inf':
    case '-infinity':
      return -Infinity;
    default:
      throw new XmlRpcParseError(`bad double "${text}"`);
  }
}

export function parseBoolean(text: string): boolean {
  const t = text.trim();
  if (t === '1') return true;
  if (t === '0') return false;
  throw new XmlRpcParseError(`bad boolean "${text}"`);
}

// 20261129T17:02:06, 2026-11-29T17:02:06, optional fraction and zone (none means UTC: Odoo is UTC).
const ISO = /^(\d{4})-?(\d{2})-?(\d{2})T(\d{2}):?(\d{2}):?(\d{2})(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/;

export function parseDateTime(text: string): Date {
  const m = ISO.exec(text.trim());
  if (m === null) throw new XmlRpcParseError(`bad dateTime.iso8601 "${text}"`);
  const ms = m[7] === undefined ? 0 : Math.floor(Number(m[7]) * 1000);
  let t = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6], ms);
  const zone = m[8];
  if (zone !== undefined && zone !== 'Z') {
    const digits = zone.replace(':', '');
    const offsetMin = Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5));
    t -= (digits[0] === '-' ? -offsetMin : offsetMin) * 60_000;
  }
  const d = new Date(t);
  if (Number.isNaN(d.getTime()) || +m[2] > 12 || +m[3] > 31) throw new XmlRpcParseError(`bad dateTime.iso8601 "${text}"`);
  return d;
}

const BASE64 = /^[A-Za-z0-9+/\s]*={0,2}\s*$/;

export function parseBase64(text: string): Buffer {
  if (!BASE64.test(text)) throw new XmlRpcParseError('bad base64 content');
  return Buffer.from(text, 'base64');
}
