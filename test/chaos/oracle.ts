/**
 * The truth the table is held to, from the simulator's records. The mapping rules are the
 * test suite's independent oracle (`test/support/carteira-truth.ts`, written apart from the
 * engine's mapper); here they are turned into the differing keys and each order's newest
 * `write_date`, which the invariants need.
 */
import type { OdooSimulator } from '../../electron/engine/odoo-sim';
import type { CarteiraRecord } from '../../electron/engine/store/types';
import { diffCarteira, expectedCarteira } from '../support/carteira-truth';

export interface OrderTruth {
  id: number;
  name: string;
  /** newest write_date of the order and its lines (ms) */
  newestWriteDate: number;
}

export interface Difference {
  key: string;
  problem: string;
  /** the Odoo order, if it still exists */
  order: OrderTruth | null;
}

export function differences(sim: OdooSimulator, table: readonly CarteiraRecord[]): Difference[] {
  const problems = diffCarteira(table, expectedCarteira(sim));
  if (problems.length === 0) return [];
  const orders = ordersByName(sim);
  return problems.map((problem) => {
    const key = problem.slice(0, problem.indexOf(': '));
    const name = key.slice(0, key.indexOf('|'));
    return { key, problem, order: orders.get(name) ?? null };
  });
}

function ordersByName(sim: OdooSimulator): Map<string, OrderTruth> {
  const orders = new Map<number, OrderTruth>();
  for (const order of sim.orm.searchRead('sale.order', [], { fields: ['name', 'write_date'] })) {
    orders.set(order.id, { id: order.id, name: order.name as string, newestWriteDate: odooTime(order.write_date) });
  }
  for (const line of sim.orm.searchRead('sale.order.line', [], { fields: ['order_id', 'write_date'] })) {
    const order = orders.get((line.order_id as [number, string])[0]);
    if (order) order.newestWriteDate = Math.max(order.newestWriteDate, odooTime(line.write_date));
  }
  return new Map([...orders.values()].map((order) => [order.name, order]));
}

/** Odoo's `YYYY-MM-DD HH:MM:SS` (UTC) as epoch ms. */
function odooTime(value: unknown): number {
  const ms = Date.parse(`${String(value).replace(' ', 'T')}Z`);
  if (Number.isNaN(ms)) throw new Error(`the simulator gave a write_date that is no Odoo datetime: ${String(value)}`);
  return ms;
}
