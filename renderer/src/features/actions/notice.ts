/** The one-line notice an action leaves (the `notice` alert). Pure. */
import type { ReleaseLockOutcome, RunReport } from '../../../../shared/engine-types';
import { formatDuration } from '../../format';

export interface Notice {
  kind: 'ok' | 'warn' | 'error' | 'info';
  text: string;
  /** local time (ms) it was made */
  at: number;
}

/** What a run started from the console did: skipped (lock held), failed/aborted, or succeeded with its counts. */
export function describeReport(label: string, report: RunReport, at: number = Date.now()): Notice {
  const { run } = report;
  if (report.exitCode === 2) return { kind: 'warn', text: `${label}: skipped — the lock is held by ${report.heldBy?.owner ?? 'another run'}.`, at };
  if (report.exitCode === 1 || run.status === 'failed' || run.status === 'aborted')
    return { kind: 'error', text: `${label}: run #${run.id} ${run.status}${run.error ? ` — ${run.error}` : ''}`, at };
  const took = run.finishedAt ? formatDuration(Date.parse(run.finishedAt) - Date.parse(run.startedAt)) : '';
  return {
    kind: 'ok',
    text: `${label}: run #${run.id} succeeded in ${took} — ${run.ordersSeen} orders, +${run.counts.inserted} ~${run.counts.updated} −${run.counts.deactivated} rows.`,
    at,
  };
}

/** What a release by token did; `holderOwner` is who held the lock when the dialog opened. */
export function describeRelease(outcome: ReleaseLockOutcome, holderOwner: string, at: number = Date.now()): Notice {
  return outcome.released
    ? { kind: 'warn', text: `Lock released (was held by ${outcome.previousOwner ?? holderOwner}). If that run is alive it stops at its next batch.`, at }
    : {
        kind: 'error',
        text: `Lock not released: it changed hands${outcome.currentOwner ? ` and is now held by ${outcome.currentOwner}` : ' or expired'}. Check again before retrying.`,
        at,
      };
}
