/**
 * Reconciliation: what a window-based sync cannot see. Compares every order id in Odoo (a
 * cheap paged read of ids and write_dates) with the orders known locally:
 *   - orders gone from Odoo (hard deletes leave no trace) → their keys become inactive;
 *   - orders Odoo has but the table lacks, or that are newer in Odoo → re-synced whole;
 *   - orders that changed (header or a line) since `lineLookbackSince` → re-synced whole,
 *     whatever the local version says: a commit that arrived later than the overlap may carry
 *     a write_date OLDER than one already stored (Odoo stamps the transaction's start, and a
 *     long transaction committing after a short one moves the order's write_date back), so
 *     comparing versions cannot find it.
 * Only the lookback is read this way: a late commit is a long transaction, hours not weeks,
 * and reading every line daily would be the full load.
 */
import type { BatchCounts, Store } from '../store/types';
import type { OrderReader } from './order-reader';
import { type SyncWindowRequest, syncOrders } from './sync-window';

export interface ReconcileRequest extends Pick<SyncWindowRequest, 'runId' | 'guard' | 'batchOrders' | 'signal' | 'onProgress'> {
  lineLookbackSince: Date;
}

export interface ReconcileResult {
  ordersSeen: number;
  counts: BatchCounts;
  found: { odooOrders: number; gone: number; missingLocally: number; newerInOdoo: number; changedRecently: number };
}

export async function reconcileOrders(reader: OrderReader, store: Store, request: ReconcileRequest): Promise<ReconcileResult> {
  const odooVersions = await reader.allOrderVersions();
  const lineVersions = await reader.lineVersionsSince(request.lineLookbackSince);
  const localVersions = await store.localOrderVersions();

  const gone = (await store.activeOrderIds()).filter((id) => !odooVersions.has(id));
  const missingLocally: number[] = [];
  const newerInOdoo: number[] = [];
  const changedRecently: number[] = [];
  for (const [id, orderWriteDate] of odooVersions) {
    const local = localVersions.get(id);
    const lineWriteDate = lineVersions.get(id);
    const odooVersion = lineWriteDate && lineWriteDate > orderWriteDate ? lineWriteDate : orderWriteDate;
    if (!local) missingLocally.push(id);
    else if (odooVersion > local) newerInOdoo.push(id);
    else if (odooVersion >= request.lineLookbackSince) changedRecently.push(id);
  }

  // Gone ids go through the same path: read whole, absent from Odoo, so deactivated.
  const toSync = [...new Set([...gone, ...missingLocally, ...newerInOdoo, ...changedRecently])].sort((a, b) => a - b);
  const counts = await syncOrders(reader, store, toSync, request);
  return {
    ordersSeen: toSync.length,
    counts,
    found: {
      odooOrders: odooVersions.size,
      gone: gone.length,
      missingLocally: missingLocally.length,
      newerInOdoo: newerInOdoo.length,
      changedRecently: changedRecently.length,
    },
  };
}
