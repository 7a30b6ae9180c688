/**
 * Issue 16.6: a write_date in 2099 (an import with a wrong clock) became the watermark, and
 * GREATEST kept it for good. The row is real data and is synced, but the watermark stops at Odoo's
 * clock plus the allowed lead (this host's clock plus a minute, as for Odoo's `Date` header); the
 * next runs start from Odoo's clock less the overlap (not from the watermark) and miss nothing.
 * A store that already holds a future watermark (or a future Odoo clock, which would start every
 * run past rows not written yet) is healed by the next successful run.
 */
import pg from 'pg';
import { afterEach, expect, it } from 'vitest';
import { createSyncHarness, type SyncHarness } from '../../support/sync-harness';
import { localDateTime } from '../../../shared/local-time';

const MINUTE = 60_000;
const FUTURE = new Date('2099-01-01T00:00:00Z');
let h: SyncHarness;

afterEach(async () => {
  await h?.close();
});

async function loaded(): Promise<void> {
  h = await createSyncHarness({ backend: 'postgres', orders: 20, linesPerOrder: 3, changeWeights: {} });
  expect((await h.engine.runSync({ kind: 'planned', trigger: 'scheduled' })).run.status).toBe('succeeded');
}

const scheduled = async () => {
  h.clock.advance(30 * MINUTE);
  return h.engine.runSync({ kind: 'planned', trigger: 'scheduled' });
};

/** A quantity edit Odoo stamps now. */
function editSomeLine(quantity: number): void {
  const [line] = h.sim.orm.search('sale.order.line', [
    ['product_id', '!=', false],
    ['display_type', '=', false],
  ]);
  h.sim.orm.write('sale.order.line', line, { product_uom_qty: quantity });
}

async function setSyncState(values: { watermark?: Date; odooSyncedTo?: Date }): Promise<void> {
  const client = new pg.Client({ connectionString: h.env.DATABASE_URL });
  await client.connect();
  try {
    if (values.watermark) await client.query('UPDATE sync_state SET watermark = $1', [values.watermark]);
    if (values.odooSyncedTo) await client.query('UPDATE sync_state SET odoo_synced_to = $1', [values.odooSyncedTo]);
  } finally {
    await client.end();
  }
}

it('an order stamped 2099 is synced, the watermark stays at Odoo’s clock, and later changes are still read', async () => {
  await loaded();
  h.clock.advance(MINUTE);
  const [partner] = h.sim.orm.search('res.partner', [], { limit: 1 });
  const [product] = h.sim.orm.search('product.product', [['default_code', '!=', false]], { limit: 1 });
  // an import whose clock was wrong: the transaction (and so write_date) is in 2099
  const imported = h.sim.orm.create(
    'sale.order',
    { name: 'IMP-2099', partner_id: partner, order_line: [[0, 0, { product_id: product, product_uom_qty: 3, price_unit: 9 }]] },
    { at: FUTURE },
  );

  const report = await scheduled();
  expect(report.run.status).toBe('succeeded');
  expect(await h.store.listCarteira({ orderIds: [imported] })).toMatchObject([{ numPedido: 'IMP-2099', ativo: true }]);
  const state = await h.store.getSyncState();
  expect(state.watermark!.getTime()).toBeLessThanOrEqual(h.clock.now().getTime() + MINUTE);
  expect(report.run.watermarkAfter).toBe(state.watermark!.toISOString());
  const warned = h.logs.find((record) => record.event === 'sync.future_write_date');
  expect(warned).toMatchObject({ level: 'warn' });
  // the message in this host's local time (issue 18.4); the field keeps the ISO time
  expect(warned?.msg).toContain(`IMP-2099 (id ${imported}, ${localDateTime('2099-01-01T00:00:00.000Z', { seconds: true })})`);

  // The next run starts from Odoo's clock less the overlap, not from any watermark, and reads a change made now.
  const nextWindow = (await h.engine.status()).nextWindow!;
  expect(Date.parse(nextWindow.from)).toBeLessThan(h.clock.now().getTime());
  editSomeLine(4321);
  const next = await scheduled();
  expect(next.run.status).toBe('succeeded');
  expect(next.run.windowFrom).toBe(nextWindow.from);
  expect(next.run.ordersSeen).toBeGreaterThanOrEqual(2); // the edited order, and the 2099 one (its write_date is in every window)
  expect((await h.store.getSyncState()).watermark!.getTime()).toBeLessThanOrEqual(h.clock.now().getTime() + MINUTE);
  expect(await h.check()).toEqual([]);
});

it('a store whose watermark is already in 2099 is healed by the next successful run', async () => {
  await loaded();
  await setSyncState({ watermark: FUTURE });
  editSomeLine(1234);
  const report = await scheduled();
  expect(report.run.status).toBe('succeeded');
  expect((await h.store.getSyncState()).watermark!.getTime()).toBeLessThanOrEqual(h.clock.now().getTime() + MINUTE);
  expect(h.logs.some((record) => record.event === 'sync.watermark_healed')).toBe(true);
  expect(await h.check()).toEqual([]);
});

it('a store whose recorded Odoo clock is in 2099 reads from the window again instead of past every row, and is healed', async () => {
  await loaded();
  await setSyncState({ watermark: FUTURE, odooSyncedTo: FUTURE });
  editSomeLine(2468);
  const report = await scheduled();
  expect(report.run.status).toBe('succeeded');
  expect(Date.parse(report.run.windowFrom!)).toBeLessThan(h.clock.now().getTime());
  expect(report.run.ordersSeen).toBeGreaterThanOrEqual(1);
  const state = await h.store.getSyncState();
  expect(state.odooSyncedTo!.getTime()).toBeLessThanOrEqual(h.clock.now().getTime() + MINUTE);
  expect(state.watermark!.getTime()).toBeLessThanOrEqual(h.clock.now().getTime() + MINUTE);
  expect(await h.check()).toEqual([]);

  // and the run after it plans from the healed clock again
  editSomeLine(1357);
  const next = await scheduled();
  expect(next.run.status).toBe('succeeded');
  expect(Date.parse(next.run.windowFrom!)).toBe(state.odooSyncedTo!.getTime() - 10 * MINUTE);
  expect(await h.check()).toEqual([]);
});
