/**
 * Found by the chaos soak (seed 20261130, seven days): a run asked to stop just as it began
 * applying its orders left the read of its first batch without a handler; when that read then
 * failed (Odoo unreachable), the rejection was unhandled and ended the whole process. Stopping
 * must fail the run with the stop's reason, and nothing may be left unhandled.
 */
import { afterEach, expect, it } from 'vitest';
import { OrderReader } from '../../../electron/engine/sync/order-reader';
import { syncOrders } from '../../../electron/engine/sync/sync-window';
import { createSyncHarness, type SyncHarness } from '../../support/sync-harness';

let h: SyncHarness;

afterEach(async () => {
  await h?.close();
});

it('a run stopped before its first batch fails with the reason, and the failing first read is not left unhandled', async () => {
  h = await createSyncHarness({ backend: 'postgres', orders: 5 });
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  process.on('unhandledRejection', onUnhandled);
  try {
    // Every read fails (an application error: not retried, so it fails at once).
    h.sim.faults.inject({ kind: 'fault', code: 1, string: 'Odoo is going away', times: 'always' });
    const stop = new AbortController();
    stop.abort(new Error('engine closing'));
    const orderIds = h.sim.orm.searchRead('sale.order', [], { fields: ['name'] }).map((order) => order.id);
    const applying = syncOrders(new OrderReader(h.odoo), h.store, orderIds, { runId: 1, guard: { fence: 0 }, batchOrders: 2, signal: stop.signal });
    await expect(applying).rejects.toThrow('engine closing');
    // Let the failed read settle and the event loop report any orphaned rejection.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(unhandled).toEqual([]);
  } finally {
    process.off('unhandledRejection', onUnhandled);
    h.sim.faults.clear();
  }
});

it('a run tells its order total before its first batch commits', async () => {
  h = await createSyncHarness({ backend: 'postgres', orders: 5 });
  const stop = new AbortController();
  stop.abort(new Error('engine closing'));
  const orderIds = h.sim.orm.searchRead('sale.order', [], { fields: ['name'] }).map((order) => order.id);
  const progress: Array<{ ordersTotal: number; ordersDone: number }> = [];
  const applying = syncOrders(new OrderReader(h.odoo), h.store, orderIds, {
    runId: 1,
    guard: { fence: 0 },
    batchOrders: 2,
    signal: stop.signal,
    onProgress: ({ ordersTotal, ordersDone }) => progress.push({ ordersTotal, ordersDone }),
  });
  await expect(applying).rejects.toThrow('engine closing');
  expect(progress).toEqual([{ ordersTotal: orderIds.length, ordersDone: 0 }]);
});
