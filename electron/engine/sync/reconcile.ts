/**
 * Reconciliation: what a window-based sync cannot see. Compares every order id in Odoo (a
 * cheap paged read of ids and write_dates) with the orders known locally:
 *   - orders gone from Odoo (hard deletes leave no trace) → their keys become inactive, unless
 *     that would take out more than the allowed share of the active carteira: one answer is
 *     not trusted to deactivate in bulk (an empty list after a company-access change looks
 *     exactly like a mass deletion), so the gone orders are left as they are, the rest is
 *     reconciled, and the run fails with `deactivationHeld` until an operator confirms;
 *   - orders Odoo has but the table lacks, or that are newer in Odoo → re-synced whole;
 *   - orders Odoo lists again after an answer lacked them (`odoo_missing` rows) → re-synced
 *     whole: their write_date did not move, so nothing else would ever bring them back;
 *   - both sides of a key collision → re-synced whole (the order that held the key may have
 *     given it up, or been deleted: a closed holder has no active row, so it is never `gone`);
 *   - orders that changed (header or a line) since `lineLookbackSince` → re-synced whole,
 *     whatever the local version says: a commit that arrived later than the overlap may carry
 *     a write_date OLDER than one already stored (Odoo stamps the transaction's start, and a
 *     long transaction committing after a short one moves the order's write_date back), so
 *     comparing versions cannot find it.
 * Only the lookback is read this way: a late commit is a long transaction, hours not weeks,
 * and reading every line daily would be the full load.
 */
import { DeactivationLimitError } from '../store/deactivation-limit';
import type { BatchCounts, Store } from '../store/types';
import { allows, budgetedStore, deactivationBudget, reconcileHeldMessage } from './deactivation-budget';
import type { OrderReader } from './order-reader';
import { type SyncWindowRequest, syncOrders } from './sync-window';

export interface ReconcileRequest extends Pick<SyncWindowRequest, 'runId' | 'guard' | 'batchOrders' | 'signal' | 'onProgress'> {
  lineLookbackSince: Date;
  /** SYNC_RECONCILE_MAX_DEACTIVATE_PERCENT */
  maxDeactivatePercent: number;
  /** an operator confirmed (audited) that Odoo's answer is right: no limit on deactivations */
  deactivationConfirmed: boolean;
}

export interface ReconcileResult {
  ordersSeen: number;
  counts: BatchCounts;
  found: {
    odooOrders: number;
    gone: number;
    missingLocally: number;
    newerInOdoo: number;
    changedRecently: number;
    listedAgain: number;
    colliding: number;
  };
  /** the gone orders were left active: too many for one answer (the caller fails the run with it) */
  held: DeactivationLimitError | null;
}

export async function reconcileOrders(reader: OrderReader, store: Store, request: ReconcileRequest): Promise<ReconcileResult> {
  const odooVersions = await reader.allOrderVersions();
  const lineVersions = await reader.lineVersionsSince(request.lineLookbackSince);
  const localVersions = await store.localOrderVersions();

  const gone = (await store.activeOrderIds()).filter((id) => !odooVersions.has(id));
  const listedAgain = (await store.ordersMissingFromOdoo()).filter((id) => odooVersions.has(id));
  // A side Odoo no longer lists is re-read too (absent, it gives its key up), unless it is an
  // active order: those are `gone`, and go only within the deactivation budget.
  const goneSet = new Set(gone);
  const colliding = (await store.collidingOrderIds()).filter((id) => !goneSet.has(id));
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

  const budget = deactivationBudget((await store.totals()).active, request.maxDeactivatePercent, request.deactivationConfirmed);
  const goneRows = await store.activeRowsOf(gone);
  const held = allows(budget, goneRows)
    ? null
    : new DeactivationLimitError(reconcileHeldMessage(budget, gone.length, goneRows), goneRows, budget.limit, budget.activeRows, gone.length);

  // Gone ids go through the same path: read whole, absent from Odoo, so deactivated.
  const toSync = [...new Set([...(held ? [] : gone), ...missingLocally, ...newerInOdoo, ...changedRecently, ...listedAgain, ...colliding])].sort(
    (a, b) => a - b,
  );
  const counts = await syncOrders(reader, budgetedStore(store, budget), toSync, request);
  return {
    ordersSeen: toSync.length,
    counts,
    found: {
      odooOrders: odooVersions.size,
      gone: gone.length,
      missingLocally: missingLocally.length,
      newerInOdoo: newerInOdoo.length,
      changedRecently: changedRecently.length,
      listedAgain: listedAgain.length,
      colliding: colliding.length,
    },
    held,
  };
}
