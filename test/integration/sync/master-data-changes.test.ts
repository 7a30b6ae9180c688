/**
 * Issue 16.5, the way the world did it: a corrected customer name or CNPJ (res.partner name,
 * vat), a changed product code (product.product default_code) and a product renamed on its
 * template form (product.template name: only the template's write_date moves, as in Odoo) never
 * reached the carteira — not even after a reconcile — because no order's write_date moved.
 * Each run now re-reads the orders whose customer or products changed in its window, and the
 * reconciliation those changed within its lookback (a late commit beyond the overlap).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { CarteiraRecord } from '../../../electron/engine/store/types';
import { expectedCarteira } from '../../support/carteira-truth';
import { createSyncHarness, type SyncHarness, type SyncProtocol } from '../../support/sync-harness';

const MINUTE = 60_000;

let h: SyncHarness;

afterEach(async () => {
  await h?.close();
});

const scheduled = () => h.engine.runSync({ kind: 'planned', trigger: 'scheduled' });

/** The first line of a confirmed order with a product that has a code, and the ids around it. */
function pickedLine(skipProduct?: number) {
  const orm = h.sim.orm;
  for (const line of orm.searchRead('sale.order.line', [['display_type', '=', false]], { fields: ['order_id', 'product_id'], order: 'id asc' })) {
    const orderId = (line.order_id as [number, string])[0];
    const productId = (line.product_id as [number, string])[0];
    const [order] = orm.read('sale.order', [orderId], ['state', 'partner_id', 'name']);
    const [product] = orm.read('product.product', [productId], ['default_code', 'product_tmpl_id']);
    if (order.state === 'sale' && product.default_code && productId !== skipProduct) {
      return {
        orderId,
        orderName: order.name as string,
        partnerId: (order.partner_id as [number, string])[0],
        productId,
        code: product.default_code as string,
        templateId: (product.product_tmpl_id as [number, string])[0],
      };
    }
  }
  throw new Error('no confirmed order with a coded product');
}

const rowsOf = (rows: CarteiraRecord[], orderIds: number[]) => rows.filter((row) => orderIds.includes(row.odooOrderId));
/** Rows of keys the orders have now (a key an order gave up keeps the values it had when it left). */
const currentRowsOf = (rows: CarteiraRecord[], orderIds: number[]) => {
  const keys = expectedCarteira(h.sim);
  return rowsOf(rows, orderIds).filter((row) => keys.has(`${row.numPedido}|${row.codProduto}`));
};
const ordersOf = (field: 'partner_id' | 'product_id', id: number): number[] =>
  field === 'partner_id'
    ? h.sim.orm.search('sale.order', [['partner_id', '=', id]])
    : [
        ...new Set(
          h.sim.orm.searchRead('sale.order.line', [['product_id', '=', id]], { fields: ['order_id'] }).map((l) => (l.order_id as [number, string])[0]),
        ),
      ];

describe.each<SyncProtocol>(['xmlrpc', 'json2'])('master data over %s', (protocol) => {
  it('a corrected customer name and CNPJ, a new product code and a product renamed on its template reach the carteira in the next run', async () => {
    h = await createSyncHarness({ backend: 'postgres', protocol });
    h.clock.advance(MINUTE);
    expect((await scheduled()).run.status).toBe('succeeded');
    const customer = pickedLine();
    const renamed = pickedLine(customer.productId);

    h.clock.advance(5 * MINUTE);
    h.sim.orm.write('res.partner', customer.partnerId, { name: 'Cliente Corrigido Ltda', vat: '11.222.333/0001-81' });
    h.sim.orm.write('product.product', customer.productId, { default_code: 'COD-CORRIGIDO' });
    h.sim.orm.write('product.template', renamed.templateId, { name: 'Produto Renomeado' });
    // as in Odoo: renaming the template leaves the variant's own write_date where it was
    expect(h.sim.orm.read('product.product', [renamed.productId], ['name'])[0].name).toBe('Produto Renomeado');

    h.clock.advance(25 * MINUTE);
    const run = await scheduled();
    expect(run.run.status).toBe('succeeded');
    const rows = await h.store.listCarteira();

    const customerRows = currentRowsOf(rows, ordersOf('partner_id', customer.partnerId));
    expect(customerRows.length).toBeGreaterThan(0);
    for (const row of customerRows) expect([row.nomeCliente, row.cnpjCliente]).toEqual(['Cliente Corrigido Ltda', '11.222.333/0001-81']);

    const recoded = rowsOf(rows, ordersOf('product_id', customer.productId));
    expect(recoded.some((row) => row.codProduto === 'COD-CORRIGIDO' && row.ativo)).toBe(true);
    expect(recoded.filter((row) => row.codProduto === customer.code && row.ativo)).toEqual([]);

    const renamedRows = currentRowsOf(rows, ordersOf('product_id', renamed.productId)).filter((row) => row.codProduto === renamed.code);
    expect(renamedRows.length).toBeGreaterThan(0);
    for (const row of renamedRows) expect(row.nomeProduto).toBe('Produto Renomeado');
    expect(await h.check()).toEqual([]);
  });
});

it('a correction committed late, beyond the overlap, is missed by the runs and repaired by the reconciliation', async () => {
  h = await createSyncHarness({ backend: 'postgres' });
  h.clock.advance(MINUTE);
  expect((await scheduled()).run.status).toBe('succeeded');
  const customer = pickedLine();

  // a long transaction begun before the last run read, committed after the overlap is past
  h.clock.advance(5 * MINUTE);
  const late = h.sim.begin({ at: h.clock.now() });
  late.write('res.partner', customer.partnerId, { vat: '99.888.777/0001-50' });
  late.write('product.product', customer.productId, { default_code: 'COD-TARDIO' });
  h.clock.advance(25 * MINUTE);
  expect((await scheduled()).run.status).toBe('succeeded');
  late.commit();
  h.clock.advance(30 * MINUTE);
  expect((await scheduled()).run.status).toBe('succeeded');
  let rows = rowsOf(await h.store.listCarteira(), [customer.orderId]);
  expect(rows.every((row) => row.cnpjCliente !== '99.888.777/0001-50')).toBe(true); // the window cannot see it

  expect((await h.engine.reconcile()).run.status).toBe('succeeded');
  rows = currentRowsOf(await h.store.listCarteira(), ordersOf('partner_id', customer.partnerId));
  expect(rows.length).toBeGreaterThan(0);
  for (const row of rows) expect(row.cnpjCliente).toBe('99.888.777/0001-50');
  expect(rowsOf(rows, [customer.orderId]).some((row) => row.codProduto === 'COD-TARDIO' && row.ativo)).toBe(true);
  expect(await h.check()).toEqual([]);
});

it('with SYNC_INITIAL_SINCE, a customer correction reaches the rows loaded and brings in none of its orders from before it', async () => {
  const since = new Date('2026-05-02T00:00:00Z');
  h = await createSyncHarness({ backend: 'postgres', orders: 200, env: { SYNC_INITIAL_SINCE: since.toISOString() } });
  const orders = h.sim.orm.searchRead('sale.order', [], { fields: ['partner_id', 'write_date'] });
  const writeDateOf = (id: number) =>
    [
      orders.find((o) => o.id === id)!.write_date,
      ...h.sim.orm.searchRead('sale.order.line', [['order_id', '=', id]], { fields: ['write_date'] }).map((l) => l.write_date),
    ]
      .map((d) => new Date(`${String(d).replace(' ', 'T')}Z`))
      .reduce((a, b) => (a > b ? a : b));
  // a customer with orders on both sides of the start
  const byPartner = new Map<number, { before: number[]; after: number[] }>();
  for (const order of orders) {
    const partner = (order.partner_id as [number, string])[0];
    const sides = byPartner.get(partner) ?? { before: [], after: [] };
    (writeDateOf(order.id) < since ? sides.before : sides.after).push(order.id);
    byPartner.set(partner, sides);
  }
  const [partnerId, sides] = [...byPartner].find(([, s]) => s.before.length > 0 && s.after.length > 0)!;
  h.clock.advance(MINUTE);
  expect((await scheduled()).run.status).toBe('succeeded');
  const loaded = new Set((await h.store.listCarteira()).map((row) => row.odooOrderId));
  expect(sides.before.some((id) => loaded.has(id))).toBe(false);

  h.clock.advance(5 * MINUTE);
  h.sim.orm.write('res.partner', partnerId, { name: 'Cliente Desde Ltda' });
  h.clock.advance(25 * MINUTE);
  expect((await scheduled()).run.status).toBe('succeeded');
  const rows = await h.store.listCarteira();
  expect(rows.some((row) => sides.before.includes(row.odooOrderId))).toBe(false);
  const customerRows = currentRowsOf(rows, sides.after);
  expect(customerRows.length).toBeGreaterThan(0);
  for (const row of customerRows) expect(row.nomeCliente).toBe('Cliente Desde Ltda');
});
