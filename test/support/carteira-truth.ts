/**
 * What `carteira` must hold, computed straight from the simulator's records by a second,
 * deliberately plain implementation of the mapping rules (not the engine's mapper), so a
 * test compares the sync against an independent oracle.
 *
 * The rules, as the product states them (README, docs/DESIGN.md, issue 16):
 *   - one row per (order name, product code): lines of one product are summed; sections and
 *     notes are no rows; a product without a code is `#<product id>`;
 *   - the row carries the master data as Odoo has it NOW: the product's name (a column of its
 *     template, product.template), the customer's name and CNPJ (res.partner name, vat);
 *   - saldo = quantity − invoiced (never below 0; 0 when cancelled); active ⇔ not cancelled and
 *     saldo > 0; a key Odoo no longer has stays, inactive with saldo 0;
 *   - two orders with ONE name (Odoo does not make sale.order.name unique) claiming one product
 *     are never merged: the row is one claimant's, whole, and every other claimant is named in
 *     `carteira_key_collisions` (kept = the order holding the row, skipped = the other). An open
 *     line is never left out for a closed one (cancelled, or nothing left to invoice); between
 *     open lines (or closed ones) the holder depends on history (the one whose row was there
 *     first, else the lowest id), so the oracle accepts any of them, provided the row is exactly
 *     that order's.
 */
import type { OdooSimulator } from '../../electron/engine/odoo-sim';
import type { CarteiraRecord } from '../../electron/engine/store/types';

export interface ExpectedRow {
  key: string;
  /** the Odoo order this row is of */
  orderId: number;
  numPedido: string;
  codProduto: string;
  nomeProduto: string | null;
  cnpjCliente: string | null;
  nomeCliente: string | null;
  quantity: number;
  delivered: number;
  invoiced: number;
  saldo: number;
  value: number;
  status: string;
  ativo: boolean;
}

/** A shared key as the engine reports it (`carteira_key_collisions`): the order holding the row, and the one left out. */
export interface ReportedCollision {
  numPedido: string;
  codProduto: string;
  keptOrderId: number;
  skippedOrderId: number;
}

/** Per key, one expected row per order claiming it (more than one: orders sharing a name). */
export type ExpectedClaims = Map<string, ExpectedRow[]>;

const m2oId = (value: unknown): number | null => (Array.isArray(value) ? (value[0] as number) : typeof value === 'number' ? value : null);
const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);
const EVERY_RECORD = { context: { active_test: false } };

/** Every key's claims, from the simulator's records as they are now. */
export function expectedClaims(sim: OdooSimulator): ExpectedClaims {
  const templates = new Map(sim.orm.searchRead('product.template', [], { fields: ['name'], ...EVERY_RECORD }).map((t) => [t.id, text(t.name)]));
  const products = new Map(
    sim.orm
      .searchRead('product.product', [], { fields: ['default_code', 'product_tmpl_id'], ...EVERY_RECORD })
      .map((p) => [p.id, { code: text(p.default_code), name: templates.get(m2oId(p.product_tmpl_id) ?? -1) ?? null }]),
  );
  const partners = new Map(
    sim.orm.searchRead('res.partner', [], { fields: ['name', 'vat'], ...EVERY_RECORD }).map((p) => [p.id, { name: text(p.name), vat: text(p.vat) }]),
  );
  const orders = new Map(sim.orm.searchRead('sale.order', [], { fields: ['name', 'state', 'partner_id'] }).map((o) => [o.id, o]));
  // per order id, then per product code: an order's own rows before the claims are gathered by name
  const byOrder = new Map<number, Map<string, ExpectedRow>>();
  for (const line of sim.orm.searchRead('sale.order.line', [], {
    fields: ['order_id', 'product_id', 'display_type', 'product_uom_qty', 'qty_delivered', 'qty_invoiced', 'price_subtotal'],
  })) {
    const productId = m2oId(line.product_id);
    if (line.display_type || productId === null) continue;
    const orderId = m2oId(line.order_id)!;
    const order = orders.get(orderId)!;
    const product = products.get(productId);
    const code = product?.code ?? `#${productId}`;
    const partner = partners.get(m2oId(order.partner_id) ?? -1);
    const rows = byOrder.get(orderId) ?? new Map<string, ExpectedRow>();
    byOrder.set(orderId, rows);
    const row = rows.get(code) ?? {
      key: `${order.name as string}|${code}`,
      orderId,
      numPedido: order.name as string,
      codProduto: code,
      // lines of one code are one product here (the simulator's codes are unique), so its name
      nomeProduto: product?.name ?? null,
      cnpjCliente: partner?.vat ?? null,
      nomeCliente: partner?.name ?? null,
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
    rows.set(code, row);
  }
  const claims: ExpectedClaims = new Map();
  for (const orderId of [...byOrder.keys()].sort((a, b) => a - b)) {
    for (const row of byOrder.get(orderId)!.values()) {
      row.saldo = row.status === 'cancel' ? 0 : Math.max(0, row.quantity - row.invoiced);
      row.ativo = row.status !== 'cancel' && round(row.saldo) > 0;
      claims.set(row.key, [...(claims.get(row.key) ?? []), row]);
    }
  }
  return claims;
}

/** The expected rows by key, for keys one order claims (the common case); a shared key gives its lowest-id claimant. */
export function expectedCarteira(sim: OdooSimulator): Map<string, ExpectedRow> {
  return new Map([...expectedClaims(sim)].map(([key, rows]) => [key, rows[0]]));
}

const round = (value: number) => Math.round(value * 1e6) / 1e6;

export interface CarteiraProblem {
  key: string;
  /** the Odoo orders the problem is about: the key's claimants, or the order of a row Odoo no longer has */
  orderIds: number[];
  /** the order the table's row is of, when there is a row */
  rowOrderId: number | null;
  message: string;
}

/** What a table row must equal, field by field, for the claimant it names. */
function rowProblems(row: CarteiraRecord, want: ExpectedRow): string[] {
  const checks: Array<[string, number | string | boolean | null, number | string | boolean | null]> = [
    ['qtd_produto_pedido', round(Number(row.qtdProdutoPedido)), round(want.quantity)],
    ['qtd_entregue', round(Number(row.qtdEntregue)), round(want.delivered)],
    ['qtd_faturada', round(Number(row.qtdFaturada)), round(want.invoiced)],
    ['qtd_saldo', round(Number(row.qtdSaldoProdutoPedido)), round(want.saldo)],
    ['valor', round(Number(row.valorProdutoPedido)), round(want.value)],
    ['status_pedido', row.statusPedido, want.status],
    ['ativo', row.ativo, want.ativo],
    ['nome_produto', row.nomeProduto, want.nomeProduto],
    ['cnpj_cliente', row.cnpjCliente, want.cnpjCliente],
    ['nome_cliente', row.nomeCliente, want.nomeCliente],
  ];
  return checks.filter(([, got, wanted]) => got !== wanted).map(([field, got, wanted]) => `${want.key}: ${field} is ${got}, Odoo says ${wanted}`);
}

/**
 * Differences between the table and the oracle, each with the orders it concerns (empty when
 * equal). `collisions` (the engine's `carteira_key_collisions`), when given, must name every
 * claimant of a shared key that does not hold its row.
 */
export function carteiraProblems(table: readonly CarteiraRecord[], claims: ExpectedClaims, collisions?: readonly ReportedCollision[]): CarteiraProblem[] {
  const problems: CarteiraProblem[] = [];
  const seen = new Set<string>();
  for (const row of table) {
    const key = `${row.numPedido}|${row.codProduto}`;
    seen.add(key);
    const claimants = claims.get(key);
    if (!claimants) {
      if (row.ativo || Number(row.qtdSaldoProdutoPedido) !== 0)
        problems.push({
          key,
          orderIds: [row.odooOrderId],
          rowOrderId: row.odooOrderId,
          message: `${key}: gone from Odoo but still active (saldo ${row.qtdSaldoProdutoPedido})`,
        });
      continue;
    }
    const orderIds = claimants.map((claimant) => claimant.orderId);
    const held = claimants.find((claimant) => claimant.orderId === row.odooOrderId);
    if (!held) {
      const claimedBy = orderIds.join(', ');
      problems.push({
        key,
        orderIds,
        rowOrderId: row.odooOrderId,
        message: `${key}: the row is order ${row.odooOrderId}'s, but Odoo's order(s) with that key are ${claimedBy}`,
      });
      continue;
    }
    for (const message of rowProblems(row, held)) problems.push({ key, orderIds, rowOrderId: row.odooOrderId, message });
    if (claimants.length < 2) continue;
    // an open line is never left out for a closed one (the carteira is the open order book)
    const open = claimants.find((claimant) => claimant.ativo);
    if (!held.ativo && open)
      problems.push({
        key,
        orderIds: [open.orderId],
        rowOrderId: row.odooOrderId,
        message: `${key}: the row is order ${held.orderId}'s closed line, but order ${open.orderId}'s line for it is open`,
      });
    if (!collisions) continue;
    for (const other of claimants.filter((claimant) => claimant !== held)) {
      const named = collisions.some(
        (c) => c.numPedido === row.numPedido && c.codProduto === row.codProduto && c.keptOrderId === held.orderId && c.skippedOrderId === other.orderId,
      );
      // the engine can name only an order it has read: the problem is the left-out order's
      if (!named)
        problems.push({
          key,
          orderIds: [other.orderId],
          rowOrderId: row.odooOrderId,
          message: `${key}: orders ${held.orderId} and ${other.orderId} share the name and the product, and the collision (kept ${held.orderId}, skipped ${other.orderId}) is not reported`,
        });
    }
  }
  for (const [key, claimants] of claims)
    if (!seen.has(key))
      problems.push({ key, orderIds: claimants.map((claimant) => claimant.orderId), rowOrderId: null, message: `${key}: missing from carteira` });
  return problems;
}

/**
 * Differences between the table and the oracle, as readable strings (empty when equal).
 * Keys the oracle lacks must be inactive with saldo 0 (history is kept, never deleted).
 */
export function diffCarteira(table: readonly CarteiraRecord[], expected: Map<string, ExpectedRow> | ExpectedClaims): string[] {
  const claims: ExpectedClaims = new Map([...expected].map(([key, value]) => [key, Array.isArray(value) ? value : [value]]));
  return carteiraProblems(table, claims).map((problem) => problem.message);
}
