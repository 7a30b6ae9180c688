/**
 * The `order` argument of search/search_read (`'id asc'`, `'write_date desc, id'`), parsed
 * and turned into a row comparator. PostgreSQL's defaults apply: NULLs sort last ascending
 * and first descending. A many2one sorts by the target's id (Odoo would use the target's
 * `_order`); `id` is always the final tie-break so results are deterministic.
 */
import type { Row } from './database';
import { invalidOrder } from './errors';
import type { ModelDef } from './models';

export interface OrderTerm {
  field: string;
  desc: boolean;
}

export function parseOrder(def: ModelDef, order: string): OrderTerm[] {
  const terms: OrderTerm[] = [];
  for (const part of order.split(',')) {
    const words = part.trim().split(/\s+/).filter(Boolean);
    if (words.length === 0) continue;
    const [field, direction, ...rest] = words;
    const dir = direction?.toLowerCase();
    const spec = def.fieldMap.get(field);
    if (!spec || spec.computed || spec.type === 'one2many' || rest.length > 2 || (dir !== undefined && dir !== 'asc' && dir !== 'desc')) {
      throw invalidOrder(order);
    }
    terms.push({ field, desc: dir === 'desc' });
  }
  if (terms.length === 0) throw invalidOrder(order);
  return terms;
}

/** True for `id` / `id asc` (rows are already in that order) and `id desc` (reverse). */
export function plainIdOrder(terms: readonly OrderTerm[]): 'asc' | 'desc' | undefined {
  if (terms.length !== 1 || terms[0].field !== 'id') return undefined;
  return terms[0].desc ? 'desc' : 'asc';
}

export function comparator(terms: readonly OrderTerm[]): (a: Row, b: Row) => number {
  const all = terms.some((t) => t.field === 'id') ? terms : [...terms, { field: 'id', desc: false }];
  return (a, b) => {
    for (const { field, desc } of all) {
      const x = a[field];
      const y = b[field];
      if (x === y) continue;
      // NULLS LAST for ASC, NULLS FIRST for DESC
      if (x === null) return desc ? -1 : 1;
      if (y === null) return desc ? 1 : -1;
      const c = x < y ? -1 : x > y ? 1 : 0;
      if (c !== 0) return desc ? -c : c;
    }
    return 0;
  };
}
