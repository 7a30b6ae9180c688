/**
 * (c) Nothing lost. After each successful sync, every order whose newest change (of the order,
 * its lines, its customer or its products: `oracle.ts`) lies inside that run's window (from its
 * start on; a recovery's closed range) and was visible when the run started must match the
 * truth (a change older than the window start is the overlap's business, and the final
 * check's). A successful reconciliation answers for every order changed within its lookback and
 * for every order Odoo no longer has. At the end, after one reconciliation and a recovery of
 * every reported gap, the whole table must equal the truth.
 */
import type { Difference } from '../oracle';
import type { Violation } from './violation';

export interface FinishedSync {
  runId: number;
  /** the window's start (null: a full load); a reconciliation's: the start of its lookback */
  windowFrom: Date | null;
  /** the end of an operator's closed range (recoveries); null for runs that read all Odoo has */
  windowTo: Date | null;
  /** true simulated time when the run started */
  startedAt: Date;
  /** the soak's event counter when the run started (changes made while it runs have higher ones) */
  startedSeq: number;
  /** a reconciliation: orders gone from Odoo are its business too */
  reconcile?: boolean;
}

/** The soak's event counter when each order's latest change became visible. */
export type VisibleSince = (orderId: number) => number | undefined;

/**
 * `excused`: orders a sync need not have right — those a run deactivated while Odoo listed no
 * orders (issue 16.1): only a reconciliation brings them back, so until one succeeds their keys
 * are its business (a same-named order may take a key such an order seemed to give up).
 */
export function checkFreshAfterRun(
  run: FinishedSync,
  diffs: readonly Difference[],
  visibleSince: VisibleSince,
  at: Date,
  excused: (orderId: number) => boolean = () => false,
): Violation[] {
  const from = run.windowFrom?.getTime() ?? -Infinity;
  const to = run.windowTo?.getTime() ?? Infinity;
  const visibleBefore = (orderId: number) => (visibleSince(orderId) ?? -Infinity) < run.startedSeq;
  const violations: Violation[] = [];
  for (const diff of diffs) {
    // a key freed by an order's deletion: a sync cannot see deletions
    if (diff.heldByDeletedOrder !== null && !run.reconcile) continue;
    if (!run.reconcile && [...diff.orderIds, ...(diff.rowOrderId === null ? [] : [diff.rowOrderId])].some(excused)) continue;
    const due = diff.orders.find((order) => order.newestWriteDate >= from && order.newestWriteDate <= to && visibleBefore(order.id));
    // an order deleted from Odoo is only found by a reconciliation
    const gone = diff.orders.length === 0 && run.reconcile === true && diff.orderIds.some(visibleBefore);
    if (!due && !gone) continue;
    violations.push({
      invariant: 'fresh-after-run',
      at: at.toISOString(),
      message:
        `after ${run.reconcile ? 'reconciliation' : 'run'} #${run.runId} (window ${run.windowFrom?.toISOString() ?? 'from the start'} → ${run.windowTo?.toISOString() ?? 'open'}): ${diff.problem}` +
        (due ? ` (order ${due.id} changed ${new Date(due.newestWriteDate).toISOString()})` : ` (order ${diff.orderIds.join(', ')} deleted in Odoo)`),
    });
  }
  return violations;
}

export function checkFinalTruth(diffs: readonly Difference[], at: Date): Violation[] {
  return diffs.map((diff) => ({ invariant: 'nothing-lost' as const, at: at.toISOString(), message: `at the end: ${diff.problem}` }));
}
