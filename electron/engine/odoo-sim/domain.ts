/**
 * Odoo domains: Polish-notation lists of `&`, `|`, `!` and leaves `[field, operator, value]`
 * (consecutive terms are implicitly AND-ed), compiled once into a predicate over stored
 * rows. Follows Odoo's SQL semantics for empty values: `!=`, `not in`, `not like` match
 * rows where the field is empty; `=`/`<`/`like`... don't. Dotted paths traverse many2one
 * (and one2many: "any line matches") fields, e.g. `order_id.write_date`.
 */
import type { Database, Row, Stored } from './database';
import { parseOdooDatetime, dateToMicros } from './datetime';
import { invalidDomain, invalidDomainField } from './errors';
import { MODELS, type FieldDef, type ModelDef, type ModelName } from './models';

export type DomainOperator = '=' | '!=' | '<' | '<=' | '>' | '>=' | 'in' | 'not in' | 'like' | 'not like' | 'ilike' | 'not ilike' | '=like' | '=ilike';
export const DOMAIN_OPERATORS: readonly DomainOperator[] = [
  '=',
  '!=',
  '<',
  '<=',
  '>',
  '>=',
  'in',
  'not in',
  'like',
  'not like',
  'ilike',
  'not ilike',
  '=like',
  '=ilike',
];

/** What a caller may pass: `['|', ['a', '=', 1], ['b', '=', 2]]`. */
export type Domain = readonly unknown[];

export type Predicate = (row: Row) => boolean;

export type DomainNode =
  | { kind: 'and' | 'or'; children: DomainNode[] }
  | { kind: 'not'; child: DomainNode }
  | { kind: 'const'; value: boolean }
  | { kind: 'leaf'; path: string[]; operator: DomainOperator; value: unknown; raw: readonly unknown[] };

/** Bounds on `id` implied by top-level AND-ed leaves, so searches can start with a binary search. */
export interface IdBounds {
  min: number;
  max: number;
  /** From `id in [...]` / `id = n`: only these ids can match. */
  only?: number[];
}

export interface CompiledDomain {
  predicate: Predicate;
  idBounds: IdBounds;
  /** True when the domain mentions `active` (disables the implicit `active = True`). */
  mentionsActive: boolean;
  /** From top-level AND-ed `write_date >`/`>=` leaves: rows at or below this can't match (lets a search skip old blocks). */
  writeDateFloor?: { value: number; strict: boolean };
}

const OPERATOR_ALIASES: Record<string, DomainOperator> = { '==': '=', '<>': '!=' };

/** Parses a domain into a tree, validating structure and operators (fields are checked at compile time). */
export function parseDomain(domain: Domain, via = 'search'): DomainNode {
  if (!Array.isArray(domain)) throw invalidDomain(`Invalid domain ${String(domain)}`, via);
  const terms = domain as readonly unknown[];
  let pos = 0;
  const parseTerm = (): DomainNode => {
    if (pos >= terms.length) throw invalidDomain(`Domain ${JSON.stringify(domain)} is syntactically not correct.`, via);
    const term = terms[pos++];
    if (term === '&' || term === '|') {
      const left = parseTerm();
      const right = parseTerm();
      return { kind: term === '&' ? 'and' : 'or', children: [left, right] };
    }
    if (term === '!') return { kind: 'not', child: parseTerm() };
    return parseLeaf(term, via);
  };
  const children: DomainNode[] = [];
  while (pos < terms.length) children.push(parseTerm());
  if (children.length === 0) return { kind: 'const', value: true };
  if (children.length === 1) return children[0];
  return { kind: 'and', children };
}

function parseLeaf(term: unknown, via: string): DomainNode {
  if (term === true || term === false) return { kind: 'const', value: term };
  if (!Array.isArray(term) || term.length !== 3) throw invalidDomain(`Invalid leaf ${formatLeaf(term)}`, via);
  const [left, rawOperator, value] = term as [unknown, unknown, unknown];
  // TRUE_LEAF (1, '=', 1) and FALSE_LEAF (0, '=', 1)
  if (typeof left === 'number' && rawOperator === '=' && value === 1 && (left === 0 || left === 1)) {
    return { kind: 'const', value: left === 1 };
  }
  if (typeof left !== 'string' || typeof rawOperator !== 'string') throw invalidDomain(`Invalid leaf ${formatLeaf(term)}`, via);
  const lower = rawOperator.toLowerCase();
  const operator = (OPERATOR_ALIASES[lower] ?? lower) as DomainOperator;
  if (!DOMAIN_OPERATORS.includes(operator)) throw invalidDomain(`Invalid leaf ${formatLeaf(term)}`, via);
  if (
    (operator === 'in' || operator === 'not in') &&
    !Array.isArray(value) &&
    typeof value !== 'number' &&
    typeof value !== 'string' &&
    typeof value !== 'boolean'
  ) {
    throw invalidDomain(`Invalid leaf ${formatLeaf(term)}`, via);
  }
  return { kind: 'leaf', path: left.split('.'), operator, value, raw: term as unknown[] };
}

function formatLeaf(term: unknown): string {
  return Array.isArray(term) ? `(${term.map((v) => JSON.stringify(v)).join(', ')})` : JSON.stringify(term);
}

/** Compiles a domain against a model. Unknown fields raise Odoo's fault 1 traceback. */
export function compileDomain(db: Database, model: ModelName, domain: Domain, via = 'search'): CompiledDomain {
  const tree = parseDomain(domain, via);
  let mentionsActive = false;
  const visit = (node: DomainNode): void => {
    if (node.kind === 'leaf' && node.path[0] === 'active') mentionsActive = true;
    else if (node.kind === 'and' || node.kind === 'or') node.children.forEach(visit);
    else if (node.kind === 'not') visit(node.child);
  };
  visit(tree);
  const idBounds = idBoundsOf(tree);
  const ofOrders = model === 'sale.order.line' ? lineIdsOfOrders(db, tree) : undefined;
  if (ofOrders) idBounds.only = idBounds.only ? idBounds.only.filter((id) => ofOrders.has(id)) : [...ofOrders].sort((a, b) => a - b);
  return { predicate: compileNode(db, MODELS[model], tree, via), idBounds, mentionsActive, writeDateFloor: writeDateFloorOf(tree) };
}

/**
 * Odoo indexes `sale_order_line.order_id`; the simulator's equivalent: a top-level
 * `order_id in [...]` / `order_id = n` narrows the candidates to those orders' `order_line`
 * ids instead of scanning every line (the leaf itself is still evaluated on each candidate).
 */
function lineIdsOfOrders(db: Database, tree: DomainNode): Set<number> | undefined {
  const leaves = tree.kind === 'and' ? tree.children : [tree];
  for (const node of leaves) {
    if (node.kind !== 'leaf' || node.path.length !== 1 || node.path[0] !== 'order_id') continue;
    const orderIds = node.operator === 'in' && Array.isArray(node.value) ? node.value : node.operator === '=' ? [node.value] : null;
    if (!orderIds || !orderIds.every((id): id is number => typeof id === 'number')) continue;
    const orders = db.table('sale.order');
    const lineIds = new Set<number>();
    for (const orderId of orderIds) for (const lineId of (orders.get(orderId)?.order_line as number[] | undefined) ?? []) lineIds.add(lineId);
    return lineIds;
  }
  return undefined;
}

function compileNode(db: Database, def: ModelDef, node: DomainNode, via: string): Predicate {
  switch (node.kind) {
    case 'const':
      return node.value ? () => true : () => false;
    case 'not': {
      const inner = compileNode(db, def, node.child, via);
      return (row) => !inner(row);
    }
    case 'and':
    case 'or': {
      const parts = node.children.map((c) => compileNode(db, def, c, via));
      if (node.kind === 'and') {
        if (parts.length === 2) {
          const [a, b] = parts;
          return (row) => a(row) && b(row);
        }
        return (row) => parts.every((p) => p(row));
      }
      if (parts.length === 2) {
        const [a, b] = parts;
        return (row) => a(row) || b(row);
      }
      return (row) => parts.some((p) => p(row));
    }
    case 'leaf':
      return compileLeaf(db, def, node.path, node, via);
  }
}

function compileLeaf(db: Database, def: ModelDef, path: string[], leaf: Extract<DomainNode, { kind: 'leaf' }>, via: string): Predicate {
  const name = path[0];
  const field = def.fieldMap.get(name);
  if (!field) throw invalidDomainField(def.name, name, leaf.raw, via);
  if (path.length > 1) {
    if (field.type === 'many2one' && field.relation) {
      const target = db.table(field.relation);
      const inner = compileLeaf(db, MODELS[field.relation], path.slice(1), leaf, via);
      return (row) => {
        const id = row[name];
        if (id === null) return false;
        const targetRow = target.get(id as number);
        return targetRow !== undefined && inner(targetRow);
      };
    }
    if (field.type === 'one2many' && field.relation) {
      const target = db.table(field.relation);
      const inner = compileLeaf(db, MODELS[field.relation], path.slice(1), leaf, via);
      return (row) => {
        for (const id of row[name] as number[]) {
          const child = target.get(id);
          if (child && inner(child)) return true;
        }
        return false;
      };
    }
    throw invalidDomainField(def.name, path.join('.'), leaf.raw, via);
  }
  return compileFieldTest(db, def, field, leaf, via);
}

const NEGATIVE: ReadonlySet<DomainOperator> = new Set(['!=', 'not in', 'not like', 'not ilike']);

function compileFieldTest(db: Database, def: ModelDef, field: FieldDef, leaf: Extract<DomainNode, { kind: 'leaf' }>, via: string): Predicate {
  const { operator, value } = leaf;
  const key = field.name;

  if (field.type === 'one2many') {
    const ids = new Set(toList(value).filter((v): v is number => typeof v === 'number'));
    const wantsEmpty = value === false || (Array.isArray(value) && value.length === 0 && operator === '=');
    const positive: Predicate = wantsEmpty ? (row) => (row[key] as number[]).length === 0 : (row) => (row[key] as number[]).some((id) => ids.has(id));
    return NEGATIVE.has(operator) ? (row) => !positive(row) : positive;
  }

  if (field.name === 'display_name' || (field.type === 'many2one' && isTextMatch(operator, value))) {
    // many2one compared to text: Odoo runs a name_search on the target's display name.
    const nameOf = displayNameGetter(db, def, field);
    const test = textTest(operator, value, leaf, via);
    return (row) => test(nameOf(row));
  }

  if (field.type === 'char' || field.type === 'text' || field.type === 'selection') {
    const test = textTest(operator, value, leaf, via);
    return (row) => test(row[key] as string | null);
  }

  if (field.type === 'boolean') {
    // Odoo: `active = False` also matches NULL; booleans are never really empty here.
    const wanted = toList(value).map((v) => Boolean(v));
    const positive = operator === '=' || operator === 'in';
    if (!positive && operator !== '!=' && operator !== 'not in') throw invalidDomain(`Invalid leaf ${formatLeaf(leaf.raw)}`, via);
    return (row) => wanted.includes(Boolean(row[key])) === positive;
  }

  // numbers: integer, float, monetary, many2one ids, datetimes (microseconds)
  const convert = field.type === 'datetime' ? (v: unknown) => datetimeValue(v, leaf, via) : (v: unknown) => numberValue(v, leaf, via);
  return numericTest(operator, value, convert, key, leaf, via);
}

function isTextMatch(operator: DomainOperator, value: unknown): boolean {
  if (operator.includes('like')) return true;
  if (typeof value === 'string') return true;
  return Array.isArray(value) && value.some((v) => typeof v === 'string');
}

function displayNameGetter(db: Database, def: ModelDef, field: FieldDef): (row: Row) => string | null {
  if (field.name === 'display_name') return (row) => displayName(db, def.name, row);
  const relation = field.relation as ModelName;
  const target = db.table(relation);
  return (row) => {
    const id = row[field.name];
    if (id === null) return null;
    const targetRow = target.get(id as number);
    return targetRow ? displayName(db, relation, targetRow) : null;
  };
}

/** Odoo's `display_name` of a stored row. */
export function displayName(db: Database, model: ModelName, row: Row): string {
  switch (model) {
    case 'product.product':
      return row.default_code ? `[${row.default_code as string}] ${row.name as string}` : (row.name as string);
    case 'sale.order.line': {
      const order = db.table('sale.order').get(row.order_id as number);
      const label = String(row.name ?? '').split('\n')[0] || '';
      return order ? `${order.name as string} - ${label}` : label;
    }
    default:
      return String(row.name ?? '');
  }
}

function toList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [value];
}

function datetimeValue(value: unknown, leaf: Extract<DomainNode, { kind: 'leaf' }>, via: string): number | null {
  if (value === false || value === null) return null;
  if (value instanceof Date) return dateToMicros(value);
  if (typeof value === 'string') {
    const us = parseOdooDatetime(value);
    if (us !== undefined) return us;
  }
  throw invalidDomain(`time data ${JSON.stringify(value)} does not match format '%Y-%m-%d %H:%M:%S' in leaf ${formatLeaf(leaf.raw)}`, via);
}

function numberValue(value: unknown, leaf: Extract<DomainNode, { kind: 'leaf' }>, via: string): number | null {
  if (value === false || value === null) return null;
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value))) return Number(value);
  if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'number') return value[0];
  throw invalidDomain(`Invalid value ${JSON.stringify(value)} in leaf ${formatLeaf(leaf.raw)}`, via);
}

function numericTest(
  operator: DomainOperator,
  value: unknown,
  convert: (v: unknown) => number | null,
  key: string,
  leaf: Extract<DomainNode, { kind: 'leaf' }>,
  via: string,
): Predicate {
  if (operator === 'in' || operator === 'not in') {
    const list = toList(value).map(convert);
    const withNull = list.includes(null);
    const set = new Set(list.filter((v): v is number => v !== null));
    if (operator === 'in') {
      return (row) => {
        const v = row[key] as number | null;
        return v === null ? withNull : set.has(v);
      };
    }
    return (row) => {
      const v = row[key] as number | null;
      return v === null ? !withNull : !set.has(v);
    };
  }
  if (operator.includes('like')) throw invalidDomain(`Invalid leaf ${formatLeaf(leaf.raw)}`, via);
  const x = convert(value);
  if (x === null) {
    if (operator === '=') return (row) => row[key] === null;
    if (operator === '!=') return (row) => row[key] !== null;
    return () => false;
  }
  switch (operator) {
    case '=':
      return (row) => row[key] === x;
    case '!=':
      return (row) => row[key] !== x;
    case '<':
      return (row) => {
        const v = row[key];
        return v !== null && (v as number) < x;
      };
    case '<=':
      return (row) => {
        const v = row[key];
        return v !== null && (v as number) <= x;
      };
    case '>':
      return (row) => {
        const v = row[key];
        return v !== null && (v as number) > x;
      };
    case '>=':
      return (row) => {
        const v = row[key];
        return v !== null && (v as number) >= x;
      };
    default:
      throw invalidDomain(`Invalid leaf ${formatLeaf(leaf.raw)}`, via);
  }
}

function likeRegex(pattern: string, caseInsensitive: boolean): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '\\' && i + 1 < pattern.length) source += pattern[++i].replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    else if (ch === '%') source += '[\\s\\S]*';
    else if (ch === '_') source += '[\\s\\S]';
    else source += ch.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, caseInsensitive ? 'i' : '');
}

function textTest(operator: DomainOperator, value: unknown, leaf: Extract<DomainNode, { kind: 'leaf' }>, via: string): (v: string | null) => boolean {
  const asText = (v: unknown): string | null => (v === false || v === null ? null : String(v));
  switch (operator) {
    case '=':
    case '!=': {
      const x = asText(value);
      const eq = (v: string | null) => (x === null ? v === null || v === '' : v === x);
      return operator === '=' ? eq : (v) => !eq(v);
    }
    case 'in':
    case 'not in': {
      const list = toList(value).map(asText);
      const withNull = list.includes(null);
      const set = new Set(list.filter((v): v is string => v !== null));
      const inList = (v: string | null) => (v === null ? withNull : set.has(v));
      return operator === 'in' ? inList : (v) => !inList(v);
    }
    case '<':
    case '<=':
    case '>':
    case '>=': {
      const x = asText(value);
      if (x === null) return () => false;
      return (v) => v !== null && (operator === '<' ? v < x : operator === '<=' ? v <= x : operator === '>' ? v > x : v >= x);
    }
    case 'like':
    case 'ilike':
    case 'not like':
    case 'not ilike':
    case '=like':
    case '=ilike': {
      const text = asText(value);
      if (text === null) {
        // Odoo: `like False` matches empty values
        return operator.startsWith('not') ? (v) => v !== null && v !== '' : (v) => v === null || v === '';
      }
      const exact = operator.startsWith('=');
      const re = likeRegex(exact ? text : `%${text}%`, operator.includes('ilike'));
      if (operator.startsWith('not')) return (v) => v === null || !re.test(v);
      return (v) => v !== null && re.test(v);
    }
    default:
      throw invalidDomain(`Invalid leaf ${formatLeaf(leaf.raw)}`, via);
  }
}

function idBoundsOf(tree: DomainNode): IdBounds {
  const bounds: IdBounds = { min: -Infinity, max: Infinity };
  const leaves = tree.kind === 'and' ? tree.children : [tree];
  for (const node of leaves) {
    if (node.kind === 'and') {
      const inner = idBoundsOf(node);
      bounds.min = Math.max(bounds.min, inner.min);
      bounds.max = Math.min(bounds.max, inner.max);
      if (inner.only) bounds.only = bounds.only ? bounds.only.filter((id) => inner.only?.includes(id)) : inner.only;
      continue;
    }
    if (node.kind !== 'leaf' || node.path.length !== 1 || node.path[0] !== 'id') continue;
    const v = node.value;
    if (typeof v === 'number') {
      if (node.operator === '>') bounds.min = Math.max(bounds.min, Math.floor(v) + 1);
      else if (node.operator === '>=') bounds.min = Math.max(bounds.min, Math.ceil(v));
      else if (node.operator === '<') bounds.max = Math.min(bounds.max, Math.ceil(v) - 1);
      else if (node.operator === '<=') bounds.max = Math.min(bounds.max, Math.floor(v));
      else if (node.operator === '=') bounds.only = [v];
    } else if (node.operator === 'in' && Array.isArray(v) && v.every((x) => typeof x === 'number')) {
      const ids = v as number[];
      bounds.only = bounds.only ? bounds.only.filter((id) => ids.includes(id)) : [...ids];
    }
  }
  if (bounds.only) bounds.only = [...new Set(bounds.only)].sort((a, b) => a - b);
  return bounds;
}

function writeDateFloorOf(tree: DomainNode): { value: number; strict: boolean } | undefined {
  let floor: { value: number; strict: boolean } | undefined;
  const leaves = tree.kind === 'and' ? tree.children : [tree];
  for (const node of leaves) {
    if (node.kind === 'and') {
      const inner = writeDateFloorOf(node);
      if (inner && (!floor || inner.value > floor.value)) floor = inner;
      continue;
    }
    if (node.kind !== 'leaf' || node.path.length !== 1 || node.path[0] !== 'write_date') continue;
    if (node.operator !== '>' && node.operator !== '>=') continue;
    const value = typeof node.value === 'string' ? parseOdooDatetime(node.value) : node.value instanceof Date ? dateToMicros(node.value) : undefined;
    if (value === undefined) continue;
    if (!floor || value > floor.value || (value === floor.value && node.operator === '>')) floor = { value, strict: node.operator === '>' };
  }
  return floor;
}

/** Exposed for the ORM: value of a stored field for ordering. */
export type { Stored };
