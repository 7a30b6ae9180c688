/**
 * Found by the chaos soak (seed 5, one day): Odoo stamps `write_date` with the transaction's
 * START time, so a long transaction that commits after a shorter one on the same order moves
 * the order's `write_date` BACK. The upsert refused any row whose `write_date` was older
 * than the stored one, so that committed change was never applied — not by the next sync,
 * not by the reconciliation (the row was lost for good until the order changed again).
 * Fencing already orders the writers (a batch commits only under the current fence, so every
 * committed batch was read after the previous one), so the newest read wins, and the stored
 * `odoo_write_date` keeps the newest value seen (it never decreases).
 */
import { afterEach, expect, it } from 'vitest';
import { createSyncHarness, type SyncHarness } from '../../support/sync-harness';

const MINUTE = 60_000;
let h: SyncHarness;

afterEach(async () => {
  await h?.close();
});

/** A long transaction on one line, a short one on another line of the same order committed and synced first, then the long one commits. */
async function lateCommitBehindAShortOne(): Promise<{ orderId: number; before: Map<string, number> }> {
  h = await createSyncHarness({ backend: 'postgres', orders: 5, linesPerOrder: 3, changeWeights: {} });
  expect((await h.engine.runSync({ kind: 'planned', trigger: 'scheduled' })).exitCode).toBe(0);

  const [order] = h.sim.orm.searchRead('sale.order', [['state', '=', 'sale']], { fields: ['name'], limit: 1 });
  const [late, other] = h.sim.orm.searchRead(
    'sale.order.line',
    [
      ['order_id', '=', order.id],
      ['display_type', '=', false],
    ],
    {
      fields: ['product_uom_qty'],
    },
  );
  // A long transaction starts now and edits one line...
  h.clock.advance(5 * MINUTE);
  const long = h.sim.begin({ at: h.clock.now() });
  long.write('sale.order.line', late.id, { product_uom_qty: (late.product_uom_qty as number) + 7 });
  // ...while a short one edits another line of the same order and commits, and a sync applies it.
  h.clock.advance(20 * MINUTE);
  h.sim.orm.write('sale.order.line', other.id, { product_uom_qty: (other.product_uom_qty as number) + 1 });
  h.clock.advance(MINUTE);
  expect((await h.engine.runSync({ kind: 'planned', trigger: 'scheduled' })).exitCode).toBe(0);
  const before = new Map((await h.store.listCarteira({ orderIds: [order.id] })).map((row) => [row.codProduto, row.odooWriteDate.getTime()]));

  // The long transaction commits: its line (and the order) carry a write_date 20 minutes back.
  h.clock.advance(2 * MINUTE);
  long.commit();
  h.clock.advance(MINUTE);
  return { orderId: order.id, before };
}

async function expectTruthAndNoWriteDateBack(orderId: number, before: Map<string, number>): Promise<void> {
  expect(await h.check()).toEqual([]);
  for (const row of await h.store.listCarteira({ orderIds: [orderId] })) {
    expect(row.odooWriteDate.getTime()).toBeGreaterThanOrEqual(before.get(row.codProduto) ?? 0);
  }
}

it("a recovery window applies a late commit that moved the order's write_date back, and the stored write_date never goes back", async () => {
  const { orderId, before } = await lateCommitBehindAShortOne();
  expect((await h.engine.runSync({ kind: 'window', minutes: 60 })).exitCode).toBe(0);
  await expectTruthAndNoWriteDateBack(orderId, before);
});

it('the reconciliation finds such a late commit although its write_date is older than the stored one', async () => {
  const { orderId, before } = await lateCommitBehindAShortOne();
  expect((await h.engine.reconcile()).exitCode).toBe(0);
  await expectTruthAndNoWriteDateBack(orderId, before);
});
