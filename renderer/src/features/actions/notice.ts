/** The one-line notice an action leaves (the `notice` alert). Pure. */
import type { LockHolderInfo, ReleaseLockOutcome, RunReport } from '../../../../shared/engine-types';
import { formatDuration } from '../../format';
import type { Words } from '../../i18n/i18n';
import { holderName } from '../lock/lock-model';
import { countsText, runCause } from '../runs/run-text';

export interface Notice {
  kind: 'ok' | 'warn' | 'error' | 'info';
  text: string;
  /** local time (ms) it was made */
  at: number;
  /** the next step offered with it: after a failure or a forced release, "Sincronizar agora" */
  offer?: 'sync-now';
  /** the technical detail behind a disclosure (the engine's own error text) */
  detail?: string;
  /** the run it tells of: a failed one the banner already tells is not told twice */
  runId?: number;
}

/**
 * What a run started from the console did: skipped (lock held), failed/aborted (with the cause the
 * engine recorded; retrying is the banner's offer), or succeeded with its counts.
 */
export function describeReport(label: string, report: RunReport, words: Words, at: number = Date.now()): Notice {
  const { m, f } = words;
  const { run } = report;
  const id = String(run.id ?? '?');
  if (report.exitCode === 2) return { kind: 'warn', text: m.actions.skipped(label, report.heldBy?.owner ?? m.actions.anotherRun), at };
  if (report.exitCode === 1 || run.status === 'failed' || run.status === 'aborted') {
    const ended = m.actions.runEnded(label, id, m.status[run.status]);
    const cause = runCause(run, words);
    return {
      kind: 'error',
      text: cause ? `${ended}: ${cause.title}` : ended,
      at,
      ...(run.id !== null ? { runId: run.id } : {}),
      ...(run.error ? { detail: run.error } : {}),
    };
  }
  const took = run.finishedAt ? formatDuration(Date.parse(run.finishedAt) - Date.parse(run.startedAt)) : '';
  return { kind: 'ok', text: m.actions.runSucceeded(label, id, took, f.count(run.ordersSeen), countsText(run.counts, words)), at };
}

/** What a release did, naming the holder as the lock card does; `shown` is the holder the dialog showed. */
export function describeRelease(outcome: ReleaseLockOutcome, shown: LockHolderInfo, words: Words, at: number = Date.now()): Notice {
  const { m } = words;
  if (outcome.released) {
    const was = outcome.previousHolder ? holderName(outcome.previousHolder, words) : (outcome.previousOwner ?? holderName(shown, words));
    return { kind: 'warn', text: m.actions.released(was), at, offer: 'sync-now' };
  }
  const now = outcome.currentHolder ? holderName(outcome.currentHolder, words) : outcome.currentOwner;
  return { kind: 'error', text: m.actions.notReleased(now), at };
}
