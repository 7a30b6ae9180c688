/**
 * The truth the table is held to, from the simulator's records. The mapping rules are the
 * test suite's independent oracle (`test/support/carteira-truth.ts`, written apart from the
 * engine's mapper); here they are turned into the differing keys, the orders each concerns,
 * and each order's newest change, which the invariants need.
 *
 * An order's newest change is the newest `write_date` of what its rows are made of: the order,
 * its lines, its customer (res.partner: name, CNPJ) and the products on its lines
 * (product.product: code; product.template: name). A customer's corrected CNPJ moves neither the
 * order's write_date nor its lines', yet changes the order's rows: it is the order's change too.
 */
import type { OdooSimulator } from '../../electron/engine/odoo-sim';
import type { CarteiraRecord } from '../../electron/engine/store/types';
import { carteiraProblems, expectedClaims, type ExpectedClaims, type ReportedCollision } from '../support/carteira-truth';

export interface OrderTruth {
  id: number;
  name: string;
  /** newest write_date of the order, its lines, its customer and its lines' products and templates (ms) */
  newestWriteDate: number;
}

export interface Difference {
  key: string;
  problem: string;
  /** the orders the difference concerns (the key's claimants in Odoo, or the order of a row Odoo no longer has) */
  orderIds: number[];
  /** those of them that still exist in Odoo */
  orders: OrderTruth[];
  /** the order the table's row for the key is of, when there is one */
  rowOrderId: number | null;
  /**
   * The table's row is of an order Odoo no longer has, and a claimant of the key wants it: the
   * key is free only because that order was deleted, which a sync's window cannot see (only a
   * reconciliation finds deletions).
   */
  heldByDeletedOrder: number | null;
}

/** `claims`: the truth already computed; `collisions`: the shared keys the engine reports, which must name every claimant left out. */
export function differences(
  sim: OdooSimulator,
  table: readonly CarteiraRecord[],
  options: { claims?: ExpectedClaims; collisions?: readonly ReportedCollision[] } = {},
): Difference[] {
  const problems = carteiraProblems(table, options.claims ?? expectedClaims(sim), options.collisions);
  if (problems.length === 0) return [];
  const orders = orderTruths(sim, new Set(table.map((row) => row.odooOrderId)));
  return problems.map((problem) => ({
    key: problem.key,
    problem: problem.message,
    orderIds: problem.orderIds,
    orders: problem.orderIds.flatMap((id) => orders.get(id) ?? []),
    rowOrderId: problem.rowOrderId,
    heldByDeletedOrder:
      problem.rowOrderId !== null && !orders.has(problem.rowOrderId) && !problem.orderIds.includes(problem.rowOrderId) ? problem.rowOrderId : null,
  }));
}

/**
 * Every order's newest change (see the file comment), by id. Master data counts only for the
 * orders in `held` (those the carteira has rows of), when given: a correction updates the rows
 * the carteira holds and brings in no order (one it lacks is its own window's, or a recovery's).
 */
export function orderTruths(sim: OdooSimulator, held?: ReadonlySet<number>): Map<number, OrderTruth> {
  const every = { context: { active_test: false } };
  const idOf = (value: unknown): number | null => (Array.isArray(value) ? (value[0] as number) : typeof value === 'number' ? value : null);
  const templates = new Map(sim.orm.searchRead('product.template', [], { fields: ['write_date'], ...every }).map((t) => [t.id, odooTime(t.write_date)]));
  const products = new Map(
    sim.orm
      .searchRead('product.product', [], { fields: ['write_date', 'product_tmpl_id'], ...every })
      .map((p) => [p.id, Math.max(odooTime(p.write_date), templates.get(idOf(p.product_tmpl_id) ?? -1) ?? -Infinity)]),
  );
  const partners = new Map(sim.orm.searchRead('res.partner', [], { fields: ['write_date'], ...every }).map((p) => [p.id, odooTime(p.write_date)]));
  const orders = new Map<number, OrderTruth>();
  for (const order of sim.orm.searchRead('sale.order', [], { fields: ['name', 'write_date', 'partner_id'] })) {
    const partner = held && !held.has(order.id) ? -Infinity : (partners.get(idOf(order.partner_id) ?? -1) ?? -Infinity);
    orders.set(order.id, { id: order.id, name: order.name as string, newestWriteDate: Math.max(odooTime(order.write_date), partner) });
  }
  for (const line of sim.orm.searchRead('sale.order.line', [], { fields: ['order_id', 'product_id', 'write_date'] })) {
    const order = orders.get(idOf(line.order_id) ?? -1);
    if (!order) continue;
    const product = held && !held.has(order.id) ? -Infinity : (products.get(idOf(line.product_id) ?? -1) ?? -Infinity);
    order.newestWriteDate = Math.max(order.newestWriteDate, odooTime(line.write_date), product);
  }
  return orders;
}

/** Odoo's `YYYY-MM-DD HH:MM:SS` (UTC) as epoch ms. */
function odooTime(value: unknown): number {
  const ms = Date.parse(`${String(value).replace(' ', 'T')}Z`);
  if (Number.isNaN(ms)) throw new Error(`the simulator gave a write_date that is no Odoo datetime: ${String(value)}`);
  return ms;
}
