/**
 * What `carteira` must hold, computed straight from the simulator's records by a second,
 * deliberately plain implementation of the mapping rules (not the engine's mapper), so a
 * test compares the sync against an independent oracle.
 */
import type { OdooSimulator } from '../../electron/engine/odoo-sim';
import type { CarteiraRecord } from '../../electron/engine/store/types';

export interface ExpectedRow {
  key: string;
  numPedido: string;
  codProduto: string;
  quantity: number;
  delivered: number;
  invoiced: number;
  saldo: number;
  value: number;
  status: string;
  ativo: boolean;
}

const m2oId = (value: unknown): number | null => (Array.isArray(value) ? (value[0] as number) : null);

export function expectedCarteira(sim: OdooSimulator): Map<string, ExpectedRow> {
  const products = new Map(
    sim.orm.searchRead('product.product', [], { fields: ['default_code'], context: { active_test: false } }).map((p) => [p.id, p.default_code]),
  );
  const orders = new Map(sim.orm.searchRead('sale.order', [], { fields: ['name', 'state'] }).map((o) => [o.id, o]));
  const expected = new Map<string, ExpectedRow>();
  for (const line of sim.orm.searchRead('sale.order.line', [], {
    fields: ['order_id', 'product_id', 'display_type', 'product_uom_qty', 'qty_delivered', 'qty_invoiced', 'price_subtotal'],
  })) {
    const productId = m2oId(line.product_id);
    if (line.display_type || productId === null) continue;
    const order = orders.get(m2oId(line.order_id)!)!;
    const code = (products.get(productId) as string | false | undefined) || `#${productId}`;
    const key = `${order.name}|${code}`;
    const row = expected.get(key) ?? {
      key,
      numPedido: order.name as string,
      codProduto: code,
      quantity: 0,
      delivered: 0,
      invoiced: 0,
      saldo: 0,
      value: 0,
      status: order.state as string,
      ativo: false,
    };
    row.quantity += line.product_uom_qty as number;
    row.delivered += line.qty_delivered as number;
    row.invoiced += line.qty_invoiced as number;
    row.value += line.price_subtotal as number;
    expected.set(key, row);
  }
  for (const row of expected.values()) {
    row.saldo = row.status === 'cancel' ? 0 : Math.max(0, row.quantity - row.invoiced);
    row.ativo = row.status !== 'cancel' && round(row.saldo) > 0;
  }
  return expected;
}

const round = (value: number) => Math.round(value * 1e6) / 1e6;

/**
 * Differences between the table and the oracle, as readable strings (empty when equal).
 * Keys the oracle lacks must be inactive with saldo 0 (history is kept, never deleted).
 */
export function diffCarteira(table: readonly CarteiraRecord[], expected: Map<string, ExpectedRow>): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const row of table) {
    const key = `${row.numPedido}|${row.codProduto}`;
    seen.add(key);
    const want = expected.get(key);
    if (!want) {
      if (row.ativo || Number(row.qtdSaldoProdutoPedido) !== 0) problems.push(`${key}: gone from Odoo but still active (saldo ${row.qtdSaldoProdutoPedido})`);
      continue;
    }
    const checks: Array<[string, number | string | boolean, number | string | boolean]> = [
      ['qtd_produto_pedido', round(Number(row.qtdProdutoPedido)), round(want.quantity)],
      ['qtd_entregue', round(Number(row.qtdEntregue)), round(want.delivered)],
      ['qtd_faturada', round(Number(row.qtdFaturada)), round(want.invoiced)],
      ['qtd_saldo', round(Number(row.qtdSaldoProdutoPedido)), round(want.saldo)],
      ['valor', round(Number(row.valorProdutoPedido)), round(want.value)],
      ['status_pedido', row.statusPedido, want.status],
      ['ativo', row.ativo, want.ativo],
    ];
    for (const [field, got, wanted] of checks) if (got !== wanted) problems.push(`${key}: ${field} is ${got}, Odoo says ${wanted}`);
  }
  for (const key of expected.keys()) if (!seen.has(key)) problems.push(`${key}: missing from carteira`);
  return problems;
}
