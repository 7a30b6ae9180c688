/**
 * The sync of one window: find the orders that changed in it, re-read each whole, map and
 * apply them batch by batch, each batch in one fenced transaction. A window open at both ends
 * (a full load) reads every order whole directly, without first listing what changed. Moving
 * the watermark is the caller's business, after the whole window is applied.
 */
import type { BatchCounts, Store, SyncedOrder, WriteGuard } from '../store/types';
import { mapOrder } from './order-mapper';
import type { OrderReader, OrderSource } from './order-reader';

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

/** The first batch is read and written small (the default batch before 17.4), so writing starts while the rest is read. */
const FIRST_BATCH_ORDERS = 200;

type ApplyRequest = Pick<SyncWindowRequest, 'runId' | 'guard' | 'batchOrders' | 'signal' | 'onProgress'>;

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
  if (request.from === null && request.to === null) {
    // A full load: listing every order's version first would only cost calls. Its watermark
    // candidate is the newest write_date of what it read (orders and their lines).
    const total = await reader.countOrders();
    const applied = await applyOrders(reader, store, 'all', total, request);
    return { ordersSeen: applied.orders, counts: applied.counts, newestWriteDate: applied.newestWriteDate };
  }
  const changed = await reader.changedOrders(request.from, request.to);
  let orderIds = changed.orderIds;
  if (changed.viaMasterData.length > 0) {
    // A customer's or product's correction is copied into the rows the carteira has, never a reason to add an order.
    const known = await store.localOrderVersions();
    const held = changed.viaMasterData.filter((id) => known.has(id));
    orderIds = [...orderIds, ...held].sort((a, b) => a - b);
  }
  const counts = await syncOrders(reader, store, orderIds, request);
  return { ordersSeen: orderIds.length, counts, newestWriteDate: changed.newestWriteDate };
}

/** Re-reads the given orders whole and applies them; ids Odoo no longer has are deactivated. */
export async function syncOrders(reader: OrderReader, store: Store, orderIds: readonly number[], request: ApplyRequest): Promise<BatchCounts> {
  return (await applyOrders(reader, store, { ids: orderIds }, orderIds.length, request)).counts;
}

/**
 * Applies the orders read whole, `batchOrders` per fenced transaction. The reader reads the next
 * groups from Odoo while a batch is written, so the two sides work at once; what is read ahead
 * is bounded by the reader (a few groups of about a page of lines each), what waits to be
 * written by `batchOrders`.
 */
async function applyOrders(
  reader: OrderReader,
  store: Store,
  source: OrderSource,
  total: number,
  request: ApplyRequest,
): Promise<{ counts: BatchCounts; orders: number; newestWriteDate: Date | null }> {
  let counts = emptyCounts();
  let done = 0;
  let orders = 0;
  let newestWriteDate: Date | null = null;
  // The total is known before the first batch commits: a live run's progress (and the release dialog) shows it at once.
  request.onProgress?.({ ordersTotal: total, ordersDone: 0, counts });
  request.signal?.throwIfAborted();
  const write = async (batch: Array<SyncedOrder | number>) => {
    const found = batch.filter((unit): unit is SyncedOrder => typeof unit !== 'number');
    const deletedOrderIds = batch.filter((unit): unit is number => typeof unit === 'number');
    request.signal?.throwIfAborted();
    counts = addCounts(counts, await store.applyOrders({ orders: found, deletedOrderIds }, request.runId, request.guard));
    done += batch.length;
    request.onProgress?.({ ordersTotal: Math.max(total, done), ordersDone: done, counts });
  };
  // Asked-for ids, found (mapped) or deleted, written `batchOrders` per transaction across groups
  // (fewer, bigger transactions write faster), except the first group, written as soon as it is read.
  const pending: Array<SyncedOrder | number> = [];
  let first = true;
  for await (const group of reader.wholeOrders(source, Math.min(request.batchOrders, FIRST_BATCH_ORDERS))) {
    request.signal?.throwIfAborted();
    const mapped: SyncedOrder[] = group.orders.map((order) => mapOrder(order, group.linesByOrder.get(order.id) ?? [], reader.lookups));
    for (const order of mapped) if (!newestWriteDate || order.writeDate > newestWriteDate) newestWriteDate = order.writeDate;
    orders += mapped.length;
    pending.push(...mapped, ...group.deletedOrderIds);
    while (pending.length >= request.batchOrders || (first && pending.length > 0)) {
      first = false;
      await write(pending.splice(0, request.batchOrders));
    }
  }
  while (pending.length > 0) await write(pending.splice(0, request.batchOrders));
  return { counts, orders, newestWriteDate };
}
