/**
 * The sync of one window: find the orders that changed in it, re-read each whole, map and
 * apply them batch by batch, each batch in one fenced transaction. Moving the watermark is
 * the caller's business, after the whole window is applied.
 */
import type { BatchCounts, Store, SyncedOrder, WriteGuard } from '../store/types';
import { mapOrder } from './order-mapper';
import type { OrderReader } from './order-reader';

export interface WindowProgress {
  ordersTotal: number;
  ordersDone: number;
  counts: BatchCounts;
}

export interface SyncWindowRequest {
  /** null bounds are open: scheduled runs read up to whatever Odoo has now */
  from: Date | null;
  to: Date | null;
  runId: number;
  guard: WriteGuard;
  batchOrders: number;
  /** aborts between batches (graceful stop, lost lock) */
  signal?: AbortSignal;
  onProgress?: (progress: WindowProgress) => void;
}

export interface SyncWindowResult {
  ordersSeen: number;
  counts: BatchCounts;
  /** newest write_date that matched the window: the candidate watermark */
  newestWriteDate: Date | null;
}

export const emptyCounts = (): BatchCounts => ({ inserted: 0, updated: 0, unchanged: 0, deactivated: 0 });

export function addCounts(total: BatchCounts, batch: BatchCounts): BatchCounts {
  return {
    inserted: total.inserted + batch.inserted,
    updated: total.updated + batch.updated,
    unchanged: total.unchanged + batch.unchanged,
    deactivated: total.deactivated + batch.deactivated,
  };
}

export async function syncWindow(reader: OrderReader, store: Store, request: SyncWindowRequest): Promise<SyncWindowResult> {
  const changed = await reader.changedOrders(request.from, request.to);
  const counts = await syncOrders(reader, store, changed.orderIds, request);
  return { ordersSeen: changed.orderIds.length, counts, newestWriteDate: changed.newestWriteDate };
}

/**
 * Re-reads the given orders whole and applies them; ids Odoo no longer has are deactivated.
 * The next batch is read from Odoo while the current one is written, so the two sides work
 * at once (at most two batches in memory).
 */
export async function syncOrders(
  reader: OrderReader,
  store: Store,
  orderIds: readonly number[],
  request: Pick<SyncWindowRequest, 'runId' | 'guard' | 'batchOrders' | 'signal' | 'onProgress'>,
): Promise<BatchCounts> {
  const batches: number[][] = [];
  for (let start = 0; start < orderIds.length; start += request.batchOrders) batches.push(orderIds.slice(start, start + request.batchOrders));

  let counts = emptyCounts();
  let done = 0;
  // The total is known before the first batch commits: a live run's progress (and the release dialog) shows it at once.
  request.onProgress?.({ ordersTotal: orderIds.length, ordersDone: 0, counts });
  let reading = batches.length > 0 ? reader.readWhole(batches[0]) : null;
  // A read whose batch is never reached (the run stopped first) must not fail unhandled.
  reading?.catch(() => undefined);
  for (let index = 0; index < batches.length; index++) {
    request.signal?.throwIfAborted();
    const ids = batches[index];
    const whole = await reading!;
    reading = index + 1 < batches.length ? reader.readWhole(batches[index + 1]) : null;
    reading?.catch(() => undefined);
    const orders: SyncedOrder[] = whole.orders.map((order) => mapOrder(order, whole.linesByOrder.get(order.id) ?? [], whole));
    const found = new Set(whole.orders.map((order) => order.id));
    const deletedOrderIds = ids.filter((id) => !found.has(id));
    request.signal?.throwIfAborted();
    counts = addCounts(counts, await store.applyOrders({ orders, deletedOrderIds }, request.runId, request.guard));
    done += ids.length;
    request.onProgress?.({ ordersTotal: orderIds.length, ordersDone: done, counts });
  }
  return counts;
}
