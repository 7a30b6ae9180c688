/**
 * Issue 16.2: Odoo does not make `sale.order.name` unique, and the table's key is
 * (num_pedido, cod_produto). Two orders named alike with a product in common: in one batch every
 * run failed for ever (`key (S00001, P005) appears twice in the batch`) and nothing else synced;
 * in different batches one order's line silently overwrote the other's.
 *
 * Now the key is kept by the order already holding it (else the lowest id), the other order's line
 * for it is left out and named — both Odoo ids and the product — in the run's log, the status and
 * the health verdict, and every other order (and every other key of both) keeps syncing.
 */
import { afterEach, expect, it } from 'vitest';
import { createSyncHarness, type SyncHarness } from '../../support/sync-harness';

const MINUTE = 60_000;
let h: SyncHarness;

afterEach(async () => {
  await h?.close();
});

async function loaded(): Promise<{ partner: number; product: number; code: string; other: number }> {
  h = await createSyncHarness({ backend: 'postgres', orders: 30, linesPerOrder: 3, changeWeights: {} });
  expect((await h.engine.runSync({ kind: 'planned', trigger: 'scheduled' })).run.status).toBe('succeeded');
  const [partner] = h.sim.orm.search('res.partner', [], { limit: 1 });
  const [product, other] = h.sim.orm.searchRead('product.product', [['default_code', '!=', false]], { fields: ['default_code'], limit: 2 });
  return { partner, product: product.id, code: product.default_code as string, other: other.id };
}

/** An order named `name` with one line of each product. */
function orderNamed(name: string, partner: number, products: number[]): number {
  return h.sim.orm.create('sale.order', {
    name,
    partner_id: partner,
    order_line: products.map((product, index) => [0, 0, { product_id: product, product_uom_qty: 10 + index, price_unit: 7 }]),
  });
}

const scheduled = async () => {
  h.clock.advance(30 * MINUTE);
  return h.engine.runSync({ kind: 'planned', trigger: 'scheduled' });
};

it('two orders with one name and a product in common in the same batch: the run succeeds, the lower id keeps the key, the other is named', async () => {
  const { partner, product, code, other } = await loaded();
  h.clock.advance(MINUTE);
  const first = orderNamed('S90001', partner, [product]);
  const second = orderNamed('S90001', partner, [product, other]);
  expect(second).toBeGreaterThan(first);
  // an unrelated change in the same run
  const [line] = h.sim.orm.search(
    'sale.order.line',
    [
      ['order_id', '<', first],
      ['display_type', '=', false],
    ],
    { limit: 1 },
  );
  h.sim.orm.write('sale.order.line', line, { product_uom_qty: 777 });

  const report = await scheduled();
  expect(report.run.status).toBe('succeeded');
  const otherCode = h.sim.orm.read('product.product', other, ['default_code'])[0].default_code as string;
  const rows = await h.store.listCarteira({ orderIds: [first, second] });
  expect(rows.map((row) => [row.numPedido, row.codProduto, row.odooOrderId, row.qtdProdutoPedido]).sort()).toEqual(
    [
      ['S90001', code, first, '10'],
      ['S90001', otherCode, second, '11'],
    ].sort(),
  );
  const collision = { numPedido: 'S90001', codProduto: code, keptOrderId: first, skippedOrderId: second };
  expect((await h.store.keyCollisions()).items).toMatchObject([collision]);
  const logged = h.logs.find((record) => record.event === 'sync.key_collision');
  expect(logged).toMatchObject({ level: 'warn', ...collision });
  expect(logged?.msg).toContain(`(S90001, ${code})`);
  expect(logged?.msg).toContain(`id ${first}`);
  expect(logged?.msg).toContain(`id ${second}`);

  const status = await h.engine.status();
  expect(status.keyCollisions).toMatchObject({ total: 1, items: [collision] });
  expect(status.health.rules.find((rule) => rule.id === 'keyCollisions')).toMatchObject({ level: 'warn', value: 1 });
  // the unrelated change is there: everything but the colliding key agrees with Odoo
  expect((await h.check()).filter((problem) => !problem.startsWith(`S90001|${code}:`))).toEqual([]);

  // the next runs keep succeeding
  expect((await scheduled()).run.status).toBe('succeeded');
});

it('an order named like one already synced does not overwrite its line; renamed in Odoo, it syncs and the collision clears', async () => {
  const { partner, product, code } = await loaded();
  h.clock.advance(MINUTE);
  const first = orderNamed('S90002', partner, [product]);
  expect((await scheduled()).run.status).toBe('succeeded');

  h.clock.advance(MINUTE);
  const second = orderNamed('S90002', partner, [product]);
  h.sim.orm.write('sale.order.line', h.sim.orm.search('sale.order.line', [['order_id', '=', second]]), { product_uom_qty: 55 });
  expect((await scheduled()).run.status).toBe('succeeded');
  const [row] = await h.store.listCarteira({ orderIds: [first, second] });
  expect(row).toMatchObject({ numPedido: 'S90002', codProduto: code, odooOrderId: first, qtdProdutoPedido: '10', ativo: true });
  expect((await h.store.keyCollisions()).items).toMatchObject([{ numPedido: 'S90002', codProduto: code, keptOrderId: first, skippedOrderId: second }]);
  expect((await h.engine.status()).health.level).toBe('warn');

  // Someone renumbers the second order in Odoo: its line arrives under its new number.
  h.clock.advance(MINUTE);
  h.sim.orm.write('sale.order', second, { name: 'S90003' });
  expect((await scheduled()).run.status).toBe('succeeded');
  expect((await h.store.listCarteira({ orderIds: [second] })).map((r) => [r.numPedido, r.codProduto, r.qtdProdutoPedido])).toEqual([['S90003', code, '55']]);
  expect(await h.store.keyCollisions()).toEqual({ total: 0, items: [] });
  expect((await h.engine.status()).health.rules.find((rule) => rule.id === 'keyCollisions')).toMatchObject({ level: 'ok', value: 0 });
  expect(await h.check()).toEqual([]);
});

it('the order already holding the key keeps it even with the higher id; when it gives the key up, the reconcile hands it over', async () => {
  const { partner, product, code } = await loaded();
  h.clock.advance(MINUTE);
  const lower = orderNamed('S90010', partner, [product]);
  const higher = orderNamed('S90011', partner, [product]);
  expect((await scheduled()).run.status).toBe('succeeded');

  // the lower id is renamed to the higher's number: the key stays with the order holding it
  h.clock.advance(MINUTE);
  h.sim.orm.write('sale.order', lower, { name: 'S90011' });
  expect((await scheduled()).run.status).toBe('succeeded');
  expect((await h.store.keyCollisions()).items).toMatchObject([{ numPedido: 'S90011', codProduto: code, keptOrderId: higher, skippedOrderId: lower }]);

  // the holder is deleted in Odoo: the reconcile deactivates it and gives its key to the other
  h.clock.advance(MINUTE);
  h.sim.orm.unlink('sale.order', higher, { force: true });
  expect((await h.engine.reconcile()).run.status).toBe('succeeded');
  expect(await h.store.keyCollisions()).toEqual({ total: 0, items: [] });
  const row = (await h.store.listCarteira({ orderIds: [lower, higher] })).find((candidate) => candidate.numPedido === 'S90011');
  expect(row).toMatchObject({ codProduto: code, odooOrderId: lower, ativo: true });
  expect(await h.check()).toEqual([]);
});

it('a new order reusing a cancelled order’s name takes the key: an open line is never left out for a closed one', async () => {
  const { partner, product, code } = await loaded();
  h.clock.advance(MINUTE);
  const old = orderNamed('S90020', partner, [product]);
  h.sim.orm.cancel(old);
  expect((await scheduled()).run.status).toBe('succeeded');
  expect(await h.store.listCarteira({ orderIds: [old] })).toMatchObject([{ numPedido: 'S90020', codProduto: code, ativo: false }]);

  h.clock.advance(MINUTE);
  const reused = orderNamed('S90020', partner, [product]);
  expect((await scheduled()).run.status).toBe('succeeded');
  const [row] = await h.store.listCarteira({ orderIds: [old, reused] });
  expect(row).toMatchObject({ numPedido: 'S90020', codProduto: code, odooOrderId: reused, ativo: true, qtdProdutoPedido: '10' });
  expect((await h.store.keyCollisions()).items).toMatchObject([{ numPedido: 'S90020', codProduto: code, keptOrderId: reused, skippedOrderId: old }]);

  // the cancelled order read again (a reconcile re-reads skipped orders) still leaves the open line alone
  expect((await h.engine.reconcile()).run.status).toBe('succeeded');
  expect((await h.store.listCarteira({ orderIds: [old, reused] }))[0]).toMatchObject({ odooOrderId: reused, ativo: true });
  expect((await h.store.keyCollisions()).total).toBe(1);
});
