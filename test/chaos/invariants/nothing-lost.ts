/**
 * (c) Nothing lost. After each successful sync, every order whose newest change lies inside
 * that run's window (from its start on; a recovery's closed range) and was visible when the
 * run started must match the truth (a change
 * older than the window start is the overlap's business, and the final check's). At the end,
 * after one reconciliation and a recovery of every reported gap, the whole table must equal
 * the truth.
 */
import type { Difference } from '../oracle';
import type { Violation } from './violation';

export interface FinishedSync {
  runId: number;
  /** the window's start (null: a full load) */
  windowFrom: Date | null;
  /** the end of an operator's closed range (recoveries); null for runs that read all Odoo has */
  windowTo: Date | null;
  /** true simulated time when the run started */
  startedAt: Date;
  /** the soak's event counter when the run started (changes made while it runs have higher ones) */
  startedSeq: number;
}

/** The soak's event counter when each order's latest change became visible. */
export type VisibleSince = (orderId: number) => number | undefined;

export function checkFreshAfterRun(run: FinishedSync, diffs: readonly Difference[], visibleSince: VisibleSince, at: Date): Violation[] {
  const from = run.windowFrom?.getTime() ?? -Infinity;
  const to = run.windowTo?.getTime() ?? Infinity;
  const due = diffs.filter((diff) => {
    if (!diff.order) return false; // a deleted order is only found by the reconciliation
    const visible = visibleSince(diff.order.id) ?? -Infinity;
    return diff.order.newestWriteDate >= from && diff.order.newestWriteDate <= to && visible < run.startedSeq;
  });
  return due.map((diff) => ({
    invariant: 'fresh-after-run' as const,
    at: at.toISOString(),
    message: `after run #${run.runId} (window ${run.windowFrom?.toISOString() ?? 'from the start'} → ${run.windowTo?.toISOString() ?? 'open'}): ${diff.problem} (order written ${new Date(diff.order!.newestWriteDate).toISOString()})`,
  }));
}

export function checkFinalTruth(diffs: readonly Difference[], at: Date): Violation[] {
  return diffs.map((diff) => ({ invariant: 'nothing-lost' as const, at: at.toISOString(), message: `at the end: ${diff.problem}` }));
}
