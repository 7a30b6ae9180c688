/** Whether a reconciliation stopped before a mass deactivation waits for an operator. Pure. */
import type { RunSummary } from '../../../../shared/engine-types';

/** The newest reconciliation held (`deactivationHeld`) since the last one that succeeded, newest runs first; else null. */
export function heldReconcile(runs: readonly RunSummary[]): RunSummary | null {
  for (const run of runs) {
    if (run.trigger !== 'reconcile') continue;
    if (run.status === 'succeeded') return null;
    if (run.problem === 'deactivationHeld') return run;
  }
  return null;
}
