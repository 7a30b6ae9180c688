/**
 * The shape of an Odoo answer, what a client depends on and data does not change: keys, wire
 * types (XML-RPC's int vs double, JSON's one number type), Odoo's datetime strings, the
 * length of tuples (a many2one pair, `version_info`). Inside records, `false` (Odoo's empty
 * value) stands for any type but a struct, since which fields are empty depends on the data.
 */
import type { Typed } from './typed-xml';

export type Shape =
  | { t: 'int' | 'double' | 'number' | 'string' | 'datetime' | 'nil' | 'base64' }
  | { t: 'boolean'; v: boolean }
  | { t: 'array'; items: Shape[] }
  | { t: 'struct'; members: Map<string, Shape> };

const DATETIME = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/;

function stringShape(text: string): Shape {
  return { t: DATETIME.test(text) ? 'datetime' : 'string' };
}

export function jsonShape(value: unknown): Shape {
  if (value === null) return { t: 'nil' };
  if (typeof value === 'number') return { t: 'number' };
  if (typeof value === 'string') return stringShape(value);
  if (typeof value === 'boolean') return { t: 'boolean', v: value };
  if (Array.isArray(value)) return { t: 'array', items: value.map(jsonShape) };
  return { t: 'struct', members: new Map(Object.entries(value as object).map(([key, member]) => [key, jsonShape(member)])) };
}

export function xmlShape(value: Typed): Shape {
  switch (value.t) {
    case 'array':
      return { t: 'array', items: value.v.map(xmlShape) };
    case 'struct':
      return { t: 'struct', members: new Map(value.v.map(([key, member]) => [key, xmlShape(member)])) };
    case 'string':
      return stringShape(value.v);
    case 'boolean':
      return { t: 'boolean', v: value.v };
    case 'dateTime.iso8601':
      return { t: 'datetime' };
    default:
      return { t: value.t };
  }
}

const isEmpty = (shape: Shape) => shape.t === 'boolean' && !shape.v;

/** A list of values of more than one type is a tuple (a many2one pair, `version_info`): its length is part of the shape. */
function isTuple(items: Shape[]): boolean {
  return new Set(items.map((item) => item.t)).size > 1 && items.every((item) => item.t !== 'struct');
}

function describe(shape: Shape): string {
  if (shape.t === 'boolean') return String(shape.v);
  if (shape.t === 'array') return `array(${shape.items.length})`;
  if (shape.t === 'struct') return `struct{${[...shape.members.keys()].join(',')}}`;
  return shape.t;
}

/** Where `actual` differs from `expected`, as readable paths (empty = the same shape). */
export function shapeDiff(actual: Shape, expected: Shape, path = '$', inRecord = false): string[] {
  if (inRecord && (isEmpty(actual) || isEmpty(expected)) && actual.t !== 'struct' && expected.t !== 'struct') return [];
  if (actual.t !== expected.t) return [`${path}: ${describe(actual)} instead of ${describe(expected)}`];
  if (actual.t === 'boolean' && expected.t === 'boolean') return inRecord || actual.v === expected.v ? [] : [`${path}: ${actual.v} instead of ${expected.v}`];
  if (actual.t === 'array' && expected.t === 'array') {
    const out: string[] = [];
    if (expected.items.length > 0 && actual.items.length === 0) return [`${path}: empty instead of ${expected.items.length} items`];
    if (isTuple(expected.items) && actual.items.length !== expected.items.length)
      out.push(`${path}: ${actual.items.length} items instead of ${expected.items.length}`);
    for (let i = 0; i < Math.min(actual.items.length, expected.items.length); i++) {
      const record = expected.items[i].t === 'struct';
      out.push(...shapeDiff(actual.items[i], expected.items[i], `${path}[${i}]`, inRecord || record));
    }
    return out;
  }
  if (actual.t === 'struct' && expected.t === 'struct') {
    const keys = (shape: { members: Map<string, Shape> }) => [...shape.members.keys()].sort().join(',');
    if (keys(actual) !== keys(expected)) return [`${path}: keys {${keys(actual)}} instead of {${keys(expected)}}`];
    return [...expected.members].flatMap(([key, member]) => shapeDiff(actual.members.get(key) as Shape, member, `${path}.${key}`, inRecord));
  }
  return [];
}
