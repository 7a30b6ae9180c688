/**
 * Found by the chaos soak (seed 4242, seven days): two cancelled orders with one name; the one
 * holding the key is deleted in Odoo. Reconciliation looked for deleted orders among those with
 * an active row only, so the closed holder kept the key for ever: the other order's line was
 * never written and the collision kept naming an order Odoo no longer has.
 */
import { afterEach, expect, it } from 'vitest';
import { createSyncHarness, type SyncHarness } from '../../support/sync-harness';

const MINUTE = 60_000;
let h: SyncHarness;
afterEach(async () => {
  await h?.close();
});

it('a closed key holder deleted in Odoo gives its key to the same-named order at the next reconciliation', async () => {
  h = await createSyncHarness({ backend: 'postgres', orders: 30, linesPerOrder: 3, changeWeights: {} });
  const sync = async () => expect((await h.engine.runSync({ kind: 'planned', trigger: 'scheduled' })).run.status).toBe('succeeded');
  await sync();
  const [partner] = h.sim.orm.search('res.partner', [], { limit: 1 });
  const [product] = h.sim.orm.searchRead('product.product', [['default_code', '!=', false]], { fields: ['default_code'], limit: 1 });
  const cancelledOrder = (qty: number) => {
    const id = h.sim.orm.create('sale.order', {
      name: 'S90001',
      partner_id: partner,
      order_line: [[0, 0, { product_id: product.id, product_uom_qty: qty, price_unit: 7 }]],
    });
    h.sim.orm.executeKw('sale.order', 'action_cancel', [[id]], {});
    return id;
  };
  h.clock.advance(MINUTE);
  const holder = cancelledOrder(10);
  h.clock.advance(30 * MINUTE);
  await sync();
  h.clock.advance(MINUTE);
  const other = cancelledOrder(20);
  h.clock.advance(30 * MINUTE);
  await sync();
  expect((await h.store.keyCollisions()).items.map((c) => [c.keptOrderId, c.skippedOrderId])).toEqual([[holder, other]]);

  h.sim.orm.unlink('sale.order', holder);
  h.clock.advance(30 * MINUTE);
  await sync();
  expect((await h.engine.reconcile()).run.status).toBe('succeeded');

  const rows = await h.store.listCarteira({ orderIds: [holder, other] });
  expect(rows.find((row) => row.codProduto === product.default_code)).toMatchObject({ odooOrderId: other, qtdProdutoPedido: '20' });
  expect((await h.store.keyCollisions()).items).toEqual([]);
  expect(await h.check()).toEqual([]);
}, 60_000);
